package dev.autodev.web;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat refuses some requests before Spring sees them and answers with an HTML page. Here an
 * encoded {@code /} or {@code \} in a path is passed through (the id check then refuses it with a
 * 400 problem detail), and whatever Tomcat still refuses itself is reported as a problem detail by
 * {@link ProblemErrorReportValve}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
class TomcatProblemConfiguration {

  @Bean
  TomcatConnectorCustomizer encodedSlashesReachTheApplication() {
    return connector -> {
      connector.setEncodedSolidusHandling("passthrough");
      connector.setEncodedReverseSolidusHandling("passthrough");
    };
  }

  @Bean
  TomcatContextCustomizer problemErrorReports() {
    return context -> {
      Container parent = context.getParent();
      if (parent instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
      }
    };
  }
}
