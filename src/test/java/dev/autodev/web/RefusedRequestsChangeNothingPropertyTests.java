package dev.autodev.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every reason a change can be refused is decided before anything is written. For every mutating
 * endpoint of the API, taken from Spring MVC's own handler mapping (an endpoint added later fails
 * here until it has a fixture), and every way a request to it can be refused, the request goes over
 * a real HTTP port, is answered with the expected 4xx problem detail, and leaves every file of the
 * data folder (current.json and its .bak, memory.json and its .bak, journal.jsonl, history/,
 * backups/) and of a folder outside it byte for byte as they were.
 *
 * <p>Each case is a request that succeeds, arranged afresh before the case (and sent unspoilt once
 * per endpoint at the start, to prove it succeeds), spoilt one way only. A second property sends
 * the endpoints random content-negotiation headers: whatever the answer, an error changes nothing
 * and a success is JSON. The number of cases is printed at the end (surefire keeps it in the test's
 * output file).
 */
class RefusedRequestsChangeNothingPropertyTests {

  private static final String TOKEN = "refused-requests-token-0123456789";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<RequestMethod> CHANGES =
      Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);
  private static final int LIMIT = 1024 * 1024;

  private static Path home;
  private static Path outside;
  private static ConfigurableApplicationContext app;
  private static RawHttp http;
  private static Map<String, Endpoint> endpoints;
  private static Map<String, Fixture> fixtures;
  private static List<Case> cases;
  private static final AtomicInteger refusedRuns = new AtomicInteger();
  private static final AtomicInteger negotiationRuns = new AtomicInteger();
  private static final AtomicInteger counter = new AtomicInteger();

  @BeforeContainer
  static void start() throws Exception {
    home = Files.createTempDirectory("autodev-refused");
    outside = Files.createTempDirectory("autodev-refused-outside");
    app =
        // Arguments, not default properties: the application.yml in the working directory
        // would override those and put the data folder there.
        new SpringApplicationBuilder(AutoDevApplication.class)
            .run(
                "--autodev.home=" + home,
                "--server.port=0",
                "--autodev.api.token=" + TOKEN,
                "--autodev.history.compaction.auto=false");
    http = new RawHttp(((WebServerApplicationContext) app).getWebServer().getPort());
    endpoints = mutatingEndpoints(app);
    fixtures = fixtures();
    assertThat(fixtures.keySet())
        .as(
            "every mutating endpoint needs a fixture in %s (a request that succeeds), and every"
                + " fixture an endpoint",
            RefusedRequestsChangeNothingPropertyTests.class.getSimpleName())
        .containsExactlyInAnyOrderElementsOf(endpoints.keySet());
    // Each fixture's request succeeds as it is: the refusals below are refusals of a real change.
    for (Map.Entry<String, Fixture> f : fixtures.entrySet()) {
      Endpoint e = endpoints.get(f.getKey());
      RawHttp.Response r = send(Request.of(e, f.getValue().arrange().arrange()));
      assertThat(r.status()).as(f.getKey() + " unspoilt: " + r.body()).isBetween(200, 299);
    }
    cases = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      for (Spoil s : generic(e)) {
        cases.add(new Case(e, s));
      }
      for (Spoil s : fixtures.get(e.key()).own()) {
        cases.add(new Case(e, s));
      }
    }
  }

  @AfterContainer
  static void stop() throws IOException {
    if (app != null) {
      app.close();
    }
    deleteTree(home);
    deleteTree(outside);
    if (cases == null) {
      return;
    }
    Set<String> reasons = new TreeSet<>();
    cases.forEach(c -> reasons.add(c.spoil().reason()));
    System.out.printf(
        Locale.ROOT,
        "refused-request property: %d cases run (%d mutating endpoints, %d ways to refuse: %s);"
            + " content-negotiation property: %d requests%n",
        refusedRuns.get(),
        endpoints.size(),
        reasons.size(),
        String.join("; ", reasons),
        negotiationRuns.get());
  }

  /** Removes a temporary folder and all in it (a symbolic link goes, not what it points to). */
  static void deleteTree(@Nullable Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ------------------------------------------------------------------ properties

  @Property(generation = GenerationMode.EXHAUSTIVE, tries = 20_000, shrinking = ShrinkingMode.OFF)
  void everyWayARequestIsRefusedAnswersAProblemAndChangesNothing(@ForAll("cases") Case c)
      throws Exception {
    refusedRuns.incrementAndGet();
    Base base = fixtures.get(c.endpoint().key()).arrange().arrange();
    Request request = c.spoil().apply().spoil(Request.of(c.endpoint(), base), base);
    Map<String, byte[]> before = files();
    RawHttp.Response response = send(request);
    String what = c + " -> " + response.status() + " " + abbreviate(response.body());
    assertThat(response.status()).as(what).isEqualTo(c.spoil().status());
    assertProblem(response, what);
    assertUnchanged(before, files(), what);
  }

  @Property(tries = 150)
  void anyContentNegotiationEitherAnswersJsonOrChangesNothing(
      @ForAll("endpointKeys") String key,
      @ForAll("accepts") @Nullable String accept,
      @ForAll("contentTypes") String contentType)
      throws Exception {
    negotiationRuns.incrementAndGet();
    Endpoint e = endpoints.get(key);
    Base base = fixtures.get(key).arrange().arrange();
    Request request = Request.of(e, base).header("Accept", accept);
    if (e.readsBody()) {
      request = request.header("Content-Type", contentType);
    }
    Map<String, byte[]> before = files();
    RawHttp.Response response = send(request);
    String what =
        key
            + " Accept: "
            + accept
            + " Content-Type: "
            + contentType
            + " -> "
            + response.status()
            + " "
            + abbreviate(response.body());
    assertThat(response.status()).as(what).isLessThan(500);
    if (response.status() >= 400) {
      assertProblem(response, what);
      assertUnchanged(before, files(), what);
    } else {
      assertThat(response.header("Content-Type")).as(what).isEqualTo("application/json");
      assertThat(JSON.readTree(response.body()).isObject()).as(what).isTrue();
    }
  }

  private static void assertProblem(RawHttp.Response response, String what) {
    assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.status());
    assertThat(problem.get("title").asString()).as(what).isNotBlank();
    assertThat(problem.get("detail").asString()).as(what).isNotBlank();
    assertThat(response.body()).as(what).doesNotContain("Exception");
  }

  private static void assertUnchanged(
      Map<String, byte[]> before, Map<String, byte[]> after, String what) {
    assertThat(after.keySet()).as(what).containsExactlyElementsOf(before.keySet());
    for (Map.Entry<String, byte[]> file : before.entrySet()) {
      assertThat(Arrays.equals(file.getValue(), after.get(file.getKey())))
          .as(file.getKey() + " changed: " + what)
          .isTrue();
    }
  }

  /** Every file and folder of the data folder and of the folder outside it, with its bytes. */
  private static Map<String, byte[]> files() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (Path root : List.of(home, outside)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.toList()) {
          String name = root.getFileName() + "/" + root.relativize(p);
          files.put(name, Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
        }
      }
    }
    return files;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  // ------------------------------------------------------------------ the endpoints

  /** A mutating endpoint and what its handler reads, as Spring MVC registered it. */
  record Endpoint(
      String method,
      String pattern,
      boolean readsBody,
      boolean bodyRequired,
      boolean readsIfMatch,
      List<String> pathVariables) {
    String key() {
      return method + " " + pattern;
    }
  }

  private static Map<String, Endpoint> mutatingEndpoints(ConfigurableApplicationContext app) {
    RequestMappingHandlerMapping mapping =
        app.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Map<String, Endpoint> found = new TreeMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mapping.getHandlerMethods().entrySet()) {
      HandlerMethod handler = m.getValue();
      if (org.springframework.boot.webmvc.error.ErrorController.class.isAssignableFrom(
          handler.getBeanType())) {
        continue; // the error page, not an endpoint
      }
      if (handler.getBeanType().getPackageName().equals("dev.autodev.security")) {
        // The board's sign-in (/auth/login, /auth/logout) changes only the in-memory browser
        // sessions, never a store file; its refusals are covered by the security tests.
        continue;
      }
      Set<RequestMethod> methods = m.getKey().getMethodsCondition().getMethods();
      Set<RequestMethod> changing = methods.isEmpty() ? CHANGES : new TreeSet<>(methods);
      changing.retainAll(CHANGES);
      boolean readsBody = false;
      boolean bodyRequired = false;
      boolean readsIfMatch = false;
      List<String> vars = new ArrayList<>();
      for (MethodParameter p : handler.getMethodParameters()) {
        RequestBody body = p.getParameterAnnotation(RequestBody.class);
        if (body != null) {
          readsBody = true;
          bodyRequired = body.required();
        }
        RequestHeader header = p.getParameterAnnotation(RequestHeader.class);
        if (header != null && header.name().equalsIgnoreCase("If-Match")) {
          readsIfMatch = true;
        }
        PathVariable var = p.getParameterAnnotation(PathVariable.class);
        if (var != null) {
          vars.add(var.name().isEmpty() ? var.value() : var.name());
        }
      }
      for (RequestMethod method : changing) {
        for (String pattern : m.getKey().getPatternValues()) {
          Endpoint e =
              new Endpoint(
                  method.name(), pattern, readsBody, bodyRequired, readsIfMatch, List.copyOf(vars));
          found.put(e.key(), e);
        }
      }
    }
    return found;
  }

  // ------------------------------------------------------------------ requests

  /**
   * What a fixture arranged: the path variables, the query and the body of a request that works.
   */
  record Base(Map<String, String> vars, String query, @Nullable String body) {}

  /** One HTTP request exactly as it goes on the wire; a spoil may change any part of it. */
  static final class Request {
    private final String method;
    private final String target;
    private final String version;
    private final List<String[]> headers;
    private final byte[] body;
    private final boolean chunked;

    Request(
        String method,
        String target,
        String version,
        List<String[]> headers,
        byte[] body,
        boolean chunked) {
      this.method = method;
      this.target = target;
      this.version = version;
      this.headers = headers;
      this.body = body;
      this.chunked = chunked;
    }

    String target() {
      return target;
    }

    byte[] body() {
      return body;
    }

    static Request of(Endpoint e, Base base) {
      String path = e.pattern();
      for (Map.Entry<String, String> v : base.vars().entrySet()) {
        path = path.replace("{" + v.getKey() + "}", v.getValue());
      }
      byte[] body =
          base.body() == null ? new byte[0] : base.body().getBytes(StandardCharsets.UTF_8);
      List<String[]> headers = new ArrayList<>();
      headers.add(new String[] {"Host", "127.0.0.1:" + http.port()});
      headers.add(new String[] {"Authorization", "Bearer " + TOKEN});
      headers.add(new String[] {"Accept", "application/json"});
      if (base.body() != null) {
        headers.add(new String[] {"Content-Type", "application/json"});
      }
      headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
      headers.add(new String[] {"Connection", "close"});
      return new Request(e.method(), path + base.query(), "HTTP/1.1", headers, body, false);
    }

    /** Replaces every header of that name with one of this value, or removes it (null). */
    Request header(String name, @Nullable String value) {
      List<String[]> h = new ArrayList<>();
      boolean placed = false;
      for (String[] header : headers) {
        if (!header[0].equalsIgnoreCase(name)) {
          h.add(header);
        } else if (!placed && value != null) {
          h.add(new String[] {name, value});
          placed = true;
        }
      }
      if (!placed && value != null) {
        h.add(h.size() - 1, new String[] {name, value});
      }
      return new Request(method, target, version, h, body, chunked);
    }

    /** Adds one more header, keeping those of the same name. */
    Request extra(String name, String value) {
      List<String[]> h = new ArrayList<>(headers);
      h.add(h.size() - 1, new String[] {name, value});
      return new Request(method, target, version, h, body, chunked);
    }

    Request withBody(byte[] b) {
      return new Request(method, target, version, headers, b, chunked)
          .header("Content-Length", Integer.toString(b.length));
    }

    Request withBody(String b) {
      return withBody(b.getBytes(StandardCharsets.UTF_8));
    }

    Request chunkedBody(byte[] b) {
      return new Request(method, target, version, headers, b, true)
          .header("Content-Length", null)
          .header("Transfer-Encoding", "chunked");
    }

    Request withTarget(String t) {
      return new Request(method, t, version, headers, body, chunked);
    }

    Request withVersion(String v) {
      return new Request(method, target, v, headers, body, chunked);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    byte[] head() {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
      for (String[] h : headers) {
        head.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] wireBody() {
      if (!chunked) {
        return body;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int at = 0; at < body.length; at += 8192) {
        int n = Math.min(8192, body.length - at);
        out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, at, n);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }
  }

  private static RawHttp.Response send(Request r) throws IOException {
    return http.exchange(r.head(), r.wireBody());
  }

  // ------------------------------------------------------------------ ways to refuse

  @FunctionalInterface
  interface SpoilFn {
    Request spoil(Request request, Base base) throws Exception;
  }

  /** One way a request is refused, and the status that says so. */
  record Spoil(String reason, int status, SpoilFn apply) {}

  /** One endpoint spoilt one way. */
  record Case(Endpoint endpoint, Spoil spoil) {
    @Override
    public String toString() {
      return endpoint.key() + " with " + spoil.reason();
    }
  }

  /** The ways to refuse that come from what the handler reads, not from what it does. */
  private static List<Spoil> generic(Endpoint e) {
    List<Spoil> all = new ArrayList<>();
    all.add(new Spoil("no bearer token", 401, (r, b) -> r.header("Authorization", null)));
    all.add(
        new Spoil(
            "a wrong bearer token",
            401,
            (r, b) -> r.header("Authorization", "Bearer not-the-token-0123456789")));
    all.add(new Spoil("a foreign Host", 403, (r, b) -> r.header("Host", "evil.example")));
    all.add(
        new Spoil("a foreign Origin", 403, (r, b) -> r.header("Origin", "https://evil.example")));
    for (String accept :
        List.of(
            "application/xml",
            "text/html",
            "text/*",
            "application/yaml",
            "application/problem+json",
            "application/xml, text/plain;q=0.5")) {
      all.add(new Spoil("Accept: " + accept, 406, (r, b) -> r.header("Accept", accept)));
    }
    all.add(
        new Spoil(
            "an Accept that does not parse",
            400,
            (r, b) -> r.header("Accept", "application/json;q=abc")));
    all.add(
        new Spoil(
            "a declared body over the size limit",
            413,
            (r, b) ->
                r.withBody(" ".repeat(LIMIT + 1)).header("Content-Type", "application/json")));
    all.add(
        new Spoil(
            "a header section over Tomcat's limit",
            400,
            (r, b) -> r.extra("X-Padding", "p".repeat(10_000))));
    all.add(
        new Spoil(
            "two different Content-Lengths",
            400,
            (r, b) -> r.extra("Content-Length", Integer.toString(r.body().length + 1))));
    all.add(new Spoil("an unknown Expect", 417, (r, b) -> r.extra("Expect", "teapot")));
    all.add(
        new Spoil("a control character in a header", 400, (r, b) -> r.extra("X-Junk", "a\u0001b")));
    all.add(new Spoil("an HTTP/1.2 request line", 400, (r, b) -> r.withVersion("HTTP/1.2")));
    if (e.readsBody()) {
      for (String type :
          List.of(
              "application/xml",
              "text/plain",
              "application/x-www-form-urlencoded",
              "*/*",
              "application/json;charset=nonsense")) {
        all.add(new Spoil("Content-Type: " + type, 415, (r, b) -> r.header("Content-Type", type)));
      }
      all.add(
          new Spoil(
              "a body that is not valid JSON",
              400,
              (r, b) -> r.withBody(r.bodyText().substring(0, r.bodyText().length() - 1))));
      all.add(
          new Spoil(
              "an unknown field",
              400,
              (r, b) -> r.withBody("{\"nope\":1," + r.bodyText().substring(1))));
      all.add(new Spoil("an array for the object", 400, (r, b) -> r.withBody("[]")));
      all.add(
          new Spoil(
              "a chunked body that grows over the size limit",
              413,
              (r, b) ->
                  r.chunkedBody(
                      ("{" + " ".repeat(LIMIT + 10) + r.bodyText().substring(1))
                          .getBytes(StandardCharsets.UTF_8))));
    }
    if (e.bodyRequired()) {
      all.add(new Spoil("no body", 400, (r, b) -> r.withBody(new byte[0])));
    }
    if (e.readsIfMatch()) {
      all.add(
          new Spoil("an If-Match that does not parse", 400, (r, b) -> r.header("If-Match", "3")));
      all.add(
          new Spoil("two ETags in If-Match", 400, (r, b) -> r.header("If-Match", "\"1\", \"2\"")));
      all.add(new Spoil("a stale If-Match", 412, (r, b) -> r.header("If-Match", "\"999999\"")));
    }
    for (String var : e.pathVariables()) {
      if (var.equals("key")) {
        all.add(new Spoil("a malformed {key}", 400, path(e, var, "bad%20key%21")));
        continue;
      }
      all.add(new Spoil("a malformed {" + var + "}", 400, path(e, var, "not-an-id")));
      all.add(
          new Spoil(
              "an encoded path traversal in {" + var + "}", 400, path(e, var, "..%2F..%2Fetc")));
      all.add(
          new Spoil("an unknown {" + var + "}", 404, path(e, var, UUID.randomUUID().toString())));
    }
    return all;
  }

  /** Puts {@code value} in place of one path variable, keeping the others as arranged. */
  private static SpoilFn path(Endpoint e, String var, String value) {
    return (r, b) -> {
      Map<String, String> vars = new LinkedHashMap<>(b.vars());
      vars.put(var, value);
      return r.withTarget(Request.of(e, new Base(vars, b.query(), b.body())).target());
    };
  }

  private static Spoil body(String reason, int status, String body) {
    return new Spoil(reason, status, (r, b) -> r.withBody(body));
  }

  /** The same request to another task, arranged to be in a state the change is refused in. */
  private static Spoil vars(String reason, int status, Arrange other) {
    return new Spoil(
        reason,
        status,
        (r, b) ->
            r.withTarget(r.target().replace(b.vars().get("id"), other.arrange().vars().get("id"))));
  }

  // ------------------------------------------------------------------ fixtures

  @FunctionalInterface
  interface Arrange {
    Base arrange() throws Exception;
  }

  /** How to arrange a request that succeeds, and the refusals only this endpoint has. */
  record Fixture(Arrange arrange, List<Spoil> own) {}

  private static Map<String, Fixture> fixtures() {
    Map<String, Fixture> f = new TreeMap<>();
    String unknown = UUID.randomUUID().toString();
    f.put(
        "POST /api/tasks",
        new Fixture(
            () ->
                new Base(Map.of(), "", "{\"name\":\"created " + counter.incrementAndGet() + "\"}"),
            List.of(
                body("a blank name", 400, "{\"name\":\" \"}"),
                body("a name over 200 characters", 400, "{\"name\":\"" + "n".repeat(201) + "\"}"),
                body("an unknown priority", 400, "{\"name\":\"x\",\"priority\":\"urgent\"}"),
                body("a number for the name", 400, "{\"name\":1}"),
                body(
                    "an unknown parent", 400, "{\"name\":\"x\",\"parent_id\":\"" + unknown + "\"}"),
                body("a malformed dependency", 400, "{\"name\":\"x\",\"depends_on\":[\"zz\"]}"),
                body(
                    "a camelCase field",
                    400,
                    "{\"name\":\"x\",\"parentId\":\"" + unknown + "\"}"))));
    f.put(
        "PATCH /api/tasks/{id}",
        new Fixture(
            () ->
                id(
                    task("edit", "pending"),
                    "{\"description\":\"edit " + counter.incrementAndGet() + "\"}"),
            List.of(
                body("an unknown priority", 400, "{\"priority\":\"urgent\"}"),
                vars("a finished task", 409, () -> id(task("edit-finished", "failed"), null)))));
    f.put(
        "DELETE /api/tasks/{id}",
        new Fixture(
            () -> id(task("delete", "pending"), null),
            List.of(
                vars("a task others depend on", 409, () -> id(dependency()[1], null)),
                vars("a finished task", 409, () -> id(task("delete-finished", "failed"), null)))));
    f.put(
        "POST /api/tasks/{id}/start",
        new Fixture(
            () -> id(task("start", "pending"), "{\"force\":false}"),
            List.of(
                vars("a task in progress", 409, () -> id(task("started", "in_progress"), null)),
                vars("a blocked task", 409, () -> id(dependency()[0], null)),
                body("a string for force", 400, "{\"force\":\"yes\"}"))));
    f.put(
        "POST /api/tasks/{id}/complete",
        new Fixture(
            () -> id(task("complete", "in_progress"), "{\"force\":false}"),
            List.of(vars("a pending task", 409, () -> id(task("not-started", "pending"), null)))));
    f.put(
        "POST /api/tasks/{id}/fail",
        new Fixture(
            () -> id(task("fail", "in_progress"), "{\"reason\":\"broke\"}"),
            List.of(
                body(
                    "a reason over 2000 characters",
                    400,
                    "{\"reason\":\"" + "r".repeat(2001) + "\"}"),
                vars("a failed task", 409, () -> id(task("failed", "failed"), null)))));
    f.put(
        "POST /api/tasks/{id}/retry",
        new Fixture(
            () -> id(task("retry", "failed"), "{\"start\":false}"),
            List.of(vars("a pending task", 409, () -> id(task("not-failed", "pending"), null)))));
    f.put(
        "POST /api/tasks/{id}/dependencies",
        new Fixture(
            () -> {
              String[] pair = freshPair();
              return id(pair[0], "{\"depends_on\":[\"" + pair[1] + "\"]}");
            },
            List.of(
                body("no dependencies", 400, "{\"depends_on\":[]}"),
                new Spoil(
                    "a cycle",
                    409,
                    (r, b) -> {
                      String[] dep = dependency();
                      return r.withTarget("/api/tasks/" + dep[1] + "/dependencies")
                          .withBody("{\"depends_on\":[\"" + dep[0] + "\"]}");
                    }),
                new Spoil(
                    "the task itself",
                    400,
                    (r, b) -> r.withBody("{\"depends_on\":[\"" + b.vars().get("id") + "\"]}")),
                body("an unknown dependency", 400, "{\"depends_on\":[\"" + unknown + "\"]}"))));
    f.put(
        "DELETE /api/tasks/{id}/dependencies/{on}",
        new Fixture(
            () -> {
              String[] dep = dependency();
              return new Base(Map.of("id", dep[0], "on", dep[1]), "", null);
            },
            List.of(
                new Spoil(
                    "a task that is not a dependency",
                    404,
                    (r, b) ->
                        r.withTarget(
                            "/api/tasks/"
                                + b.vars().get("id")
                                + "/dependencies/"
                                + task("not-a-dependency", "pending"))))));
    f.put(
        "POST /api/tasks/{id}/context",
        new Fixture(
            () ->
                id(
                    task("context", "pending"),
                    "{\"kind\":\"note\",\"value\":\"note " + counter.incrementAndGet() + "\"}"),
            List.of(
                body("an unknown kind", 400, "{\"kind\":\"bogus\",\"value\":\"v\"}"),
                body("no value", 400, "{\"kind\":\"note\"}"),
                body(
                    "a value over 2000 characters",
                    400,
                    "{\"kind\":\"note\",\"value\":\"" + "v".repeat(2001) + "\"}"),
                vars("a finished task", 409, () -> id(task("context-finished", "failed"), null)))));
    for (String method : List.of("PUT", "POST")) {
      f.put(
          method + " /api/session/focus",
          new Fixture(
              () -> {
                String target = task("focus", "pending");
                if (target.equals(focused())) {
                  call("DELETE", "/api/session/focus", null);
                }
                return new Base(Map.of(), "", "{\"task_id\":\"" + target + "\"}");
              },
              List.of(
                  body("an unknown task", 404, "{\"task_id\":\"" + unknown + "\"}"),
                  body("a malformed task id", 400, "{\"task_id\":\"zz\"}"),
                  new Spoil(
                      "a finished task",
                      409,
                      (r, b) ->
                          r.withBody(
                              "{\"task_id\":\"" + task("focus-finished", "failed") + "\"}")))));
    }
    f.put(
        "DELETE /api/session/focus",
        new Fixture(
            () -> {
              if (focused() == null) {
                call(
                    "PUT",
                    "/api/session/focus",
                    "{\"task_id\":\"" + task("focused", "pending") + "\"}");
              }
              return new Base(Map.of(), "", null);
            },
            List.of()));
    f.put(
        "PUT /api/memory/project-type",
        new Fixture(
            () ->
                new Base(
                    Map.of(), "", "{\"project_type\":\"type-" + counter.incrementAndGet() + "\"}"),
            List.of(
                body(
                    "a project type over 100 characters",
                    400,
                    "{\"project_type\":\"" + "t".repeat(101) + "\"}"))));
    f.put(
        "PUT /api/memory/facts/{key}",
        new Fixture(
            () ->
                new Base(
                    Map.of("key", "fact.set"),
                    "",
                    "{\"value\":\"value " + counter.incrementAndGet() + "\"}"),
            List.of(body("no value", 400, "{}"))));
    f.put(
        "DELETE /api/memory/facts/{key}",
        new Fixture(
            () -> {
              if (call("GET", "/api/memory", null)
                  .path("facts")
                  .path("fact.gone")
                  .isMissingNode()) {
                call("PUT", "/api/memory/facts/fact.gone", "{\"value\":\"going\"}");
              }
              return new Base(Map.of("key", "fact.gone"), "", null);
            },
            List.of(
                new Spoil(
                    "a key that is not set",
                    404,
                    (r, b) -> r.withTarget("/api/memory/facts/never.set")))));
    for (String kind : List.of("decisions", "patterns")) {
      f.put(
          "POST /api/memory/" + kind,
          new Fixture(
              () ->
                  new Base(
                      Map.of(),
                      "",
                      "{\"text\":\"" + kind + " " + counter.incrementAndGet() + "\"}"),
              List.of(
                  body("no text", 400, "{}"),
                  body("an unknown task", 404, "{\"text\":\"t\",\"task_id\":\"" + unknown + "\"}"),
                  body("a list for the text", 400, "{\"text\":[\"t\"]}"))));
    }
    f.put(
        "DELETE /api/memory/entries/{id}",
        new Fixture(
            () -> {
              if (entry == null || !call("GET", "/api/memory", null).toString().contains(entry)) {
                entry =
                    call("POST", "/api/memory/decisions", "{\"text\":\"to forget\"}")
                        .get("id")
                        .asString();
              }
              return new Base(Map.of("id", entry), "", null);
            },
            List.of()));
    f.put(
        "POST /api/session/start",
        new Fixture(
            () -> {
              if (call("GET", "/api/session", null).path("open").asBoolean()) {
                call("POST", "/api/session/end", null);
              }
              return new Base(Map.of(), "", null);
            },
            List.of(
                new Spoil(
                    "a session already open",
                    409,
                    (r, b) -> {
                      call("POST", "/api/session/start", null);
                      return r;
                    }))));
    f.put(
        "POST /api/session/end",
        new Fixture(
            () -> {
              if (!call("GET", "/api/session", null).path("open").asBoolean()) {
                call("POST", "/api/session/start", null);
              }
              return new Base(Map.of(), "", null);
            },
            List.of(
                new Spoil(
                    "no session open",
                    409,
                    (r, b) -> {
                      call("POST", "/api/session/end", null);
                      return r;
                    }))));
    f.put(
        "POST /api/store/repair",
        new Fixture(
            () -> new Base(Map.of(), "?dry_run=false", null),
            List.of(
                new Spoil(
                    "a dry_run that is not a boolean",
                    400,
                    (r, b) -> r.withTarget("/api/store/repair?dry_run=maybe")))));
    f.put("POST /api/store/compact", new Fixture(() -> new Base(Map.of(), "", null), List.of()));
    f.put(
        "POST /api/store/backup",
        new Fixture(
            () ->
                new Base(
                    Map.of(),
                    "?to=" + home.resolve("backups").resolve("b-" + counter.incrementAndGet()),
                    null),
            List.of(
                new Spoil(
                    "a backup folder outside the allowed ones",
                    400,
                    (r, b) -> r.withTarget("/api/store/backup?to=" + outside.resolve("copy"))),
                new Spoil(
                    "a backup folder that climbs out of the allowed ones",
                    400,
                    (r, b) ->
                        r.withTarget(
                            "/api/store/backup?to="
                                + home.resolve("backups")
                                + "/../../"
                                + outside.getFileName()
                                + "/climbed")),
                new Spoil(
                    "a backup folder reached through a symbolic link",
                    400,
                    (r, b) -> {
                      Path link = home.resolve("backups").resolve("link-out");
                      if (!Files.isSymbolicLink(link)) {
                        Files.createDirectories(link.getParent());
                        Files.createSymbolicLink(link, outside);
                      }
                      return r.withTarget("/api/store/backup?to=" + link.resolve("copy"));
                    }),
                new Spoil(
                    "a backup folder that is not empty",
                    400,
                    (r, b) -> {
                      Path occupied = home.resolve("backups").resolve("occupied");
                      if (!Files.exists(occupied)) {
                        Files.createDirectories(occupied);
                        Files.writeString(occupied.resolve("file"), "kept");
                      }
                      return r.withTarget("/api/store/backup?to=" + occupied);
                    }))));
    return f;
  }

  private static @Nullable String entry;
  private static final Map<String, String> tasks = new LinkedHashMap<>();
  private static String @Nullable [] pair;

  private static Base id(String id, @Nullable String body) {
    return new Base(Map.of("id", id), "", body);
  }

  /**
   * The id of a task in the given status, kept for the role and made anew when it moved on
   * (statuses: pending, in_progress, failed).
   */
  private static String task(String role, String status) throws Exception {
    String id = tasks.get(role);
    if (id != null && status.equals(statusOf(id))) {
      return id;
    }
    id = call("POST", "/api/tasks", "{\"name\":\"" + role + "\"}").get("id").asString();
    if (!status.equals("pending")) {
      call("POST", "/api/tasks/" + id + "/start", null);
    }
    if (status.equals("failed")) {
      call("POST", "/api/tasks/" + id + "/fail", "{\"reason\":\"for the test\"}");
    }
    tasks.put(role, id);
    return id;
  }

  /** Two pending tasks, the first waiting for the second (made again if that edge is gone). */
  private static String[] dependency() throws Exception {
    if (pair != null
        && call("GET", "/api/tasks/" + pair[0], null)
            .path("depends_on")
            .toString()
            .contains(pair[1])) {
      return pair;
    }
    String[] fresh = freshPair();
    call(
        "POST",
        "/api/tasks/" + fresh[0] + "/dependencies",
        "{\"depends_on\":[\"" + fresh[1] + "\"]}");
    pair = fresh;
    return fresh;
  }

  /** Two pending tasks with no dependency between them. */
  private static String[] freshPair() throws Exception {
    String[] p =
        tasks.containsKey("pair-a")
            ? new String[] {tasks.get("pair-a"), tasks.get("pair-b")}
            : null;
    if (p != null
        && !call("GET", "/api/tasks/" + p[0], null).path("depends_on").toString().contains(p[1])) {
      return p;
    }
    String a = call("POST", "/api/tasks", "{\"name\":\"waits\"}").get("id").asString();
    String b = call("POST", "/api/tasks", "{\"name\":\"first\"}").get("id").asString();
    tasks.put("pair-a", a);
    tasks.put("pair-b", b);
    return new String[] {a, b};
  }

  /** The task's status, or null when it is gone (deleted). */
  private static @Nullable String statusOf(String id) throws Exception {
    Endpoint e = new Endpoint("GET", "/api/tasks/" + id, false, false, false, List.of());
    RawHttp.Response r = send(Request.of(e, new Base(Map.of(), "", null)));
    return r.status() == 200 ? JSON.readTree(r.body()).path("status").asString() : null;
  }

  private static @Nullable String focused() throws Exception {
    JsonNode current = call("GET", "/api/session/focus", null).path("current_task");
    return current.isObject() ? current.get("id").asString() : null;
  }

  /** A request of the arrangement itself, which must succeed. */
  private static JsonNode call(String method, String path, @Nullable String body) throws Exception {
    Endpoint e = new Endpoint(method, path, body != null, false, false, List.of());
    RawHttp.Response r = send(Request.of(e, new Base(Map.of(), "", body)));
    assertThat(r.status())
        .as(method + " " + path + " while arranging: " + r.body())
        .isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(cases);
  }

  @Provide
  Arbitrary<String> endpointKeys() {
    return Arbitraries.of(new ArrayList<>(endpoints.keySet()));
  }

  /** Accept headers: media ranges with and without wildcards, parameters and qualities, or none. */
  @Provide
  Arbitrary<@Nullable String> accepts() {
    Arbitrary<String> range =
        Combinators.combine(
                Arbitraries.of(
                    "application/json",
                    "application/*",
                    "*/*",
                    "application/*+json",
                    "application/problem+json",
                    "application/xml",
                    "application/yaml",
                    "text/*",
                    "text/plain",
                    "text/markdown",
                    "text/html"),
                Arbitraries.of(
                    "",
                    ";charset=utf-8",
                    ";charset=UTF-16",
                    ";charset=utf-16le",
                    ";charset=iso-8859-1",
                    ";charset=us-ascii",
                    ";foo=bar",
                    ";level=1",
                    ";q=0",
                    ";q=0.5",
                    ";q=1",
                    ";charset=iso-8859-1;q=0.9"))
            .as((t, p) -> t + p);
    Arbitrary<String> list = range.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(", ", l));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(10, list), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "application/json",
        "application/json;charset=utf-8",
        "application/json; charset=UTF-8",
        "application/json;charset=iso-8859-1",
        "application/json;charset=utf-16",
        "application/merge-patch+json",
        "application/*+json",
        "text/json",
        "text/plain");
  }
}
