package io.kruise.agents.examples.service;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The dashboard's event stream; the page itself is {@code static/index.html}. */
@RestController
class DashboardController {

  private final DashboardFeed feed;

  DashboardController(DashboardFeed feed) {
    this.feed = feed;
  }

  @GetMapping(path = "/dashboard/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events() {
    return feed.subscribe();
  }
}
