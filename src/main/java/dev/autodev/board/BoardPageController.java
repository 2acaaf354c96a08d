package dev.autodev.board;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the board's one HTML page at each of its addresses (the modules' router and the security
 * configuration's list of open pages name the same ones), so every view can be bookmarked and
 * reloaded; the page's modules then draw the view the address names, from the REST API.
 */
@Controller
@ConditionalOnWebApplication
class BoardPageController {

  private final Resource page = new ClassPathResource("static/index.html");

  @GetMapping(path = {"/", "/graph", "/history", "/stats", "/memory", "/store", "/sign-in"})
  ResponseEntity<Resource> view() {
    return html();
  }

  @GetMapping("/tasks/{id}")
  ResponseEntity<Resource> task() {
    return html();
  }

  private ResponseEntity<Resource> html() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .body(page);
  }
}
