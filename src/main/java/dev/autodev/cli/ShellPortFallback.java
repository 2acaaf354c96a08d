package dev.autodev.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * A second interactive shell must not fail to start because the first one holds the API port: when
 * the configured port is taken, this shell's API listens on a free port instead, and the shell says
 * which at its first prompt. {@code serve} keeps failing loudly on a taken port.
 */
@Component
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "autodev.run-mode", havingValue = "shell")
class ShellPortFallback
    implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

  private volatile int refusedPort;

  @Override
  public void customize(ConfigurableWebServerFactory factory) {
    if (!(factory instanceof AbstractConfigurableWebServerFactory configured)) {
      return;
    }
    int port = configured.getPort();
    if (port <= 0) {
      return;
    }
    InetAddress address =
        configured.getAddress() == null
            ? InetAddress.getLoopbackAddress()
            : configured.getAddress();
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, port), 1);
    } catch (IOException e) {
      refusedPort = port;
      factory.setPort(0);
    }
  }

  /** The configured port that was taken, or 0 when the API got the port it was given. */
  int refusedPort() {
    return refusedPort;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
