package dev.autodev.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random and hostile requests against the running application over real HTTP: traversal and encoded
 * ids, control characters, huge and deeply nested bodies, wrong JSON types, wrong media types and
 * junk headers. Every one must get a 4xx problem detail (never a 5xx, never HTML) and leave the
 * store files byte for byte as they were. Every request is built to be refused: changes go to an
 * unknown task or carry a stale If-Match, and creations are malformed.
 */
class HostileInputPropertyTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Path home;
  private static ConfigurableApplicationContext app;
  private static RawHttp http;
  private static String taskId;

  @BeforeContainer
  static void start() throws IOException {
    home = Files.createTempDirectory("autodev-hostile");
    app =
        // Arguments, not default properties: the application.yml in the working directory would
        // override those, and the store compared below would not be the one the server writes.
        new SpringApplicationBuilder(AutoDevApplication.class)
            .run(
                "--autodev.home=" + home,
                "--server.port=0",
                "--autodev.history.compaction.auto=false");
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    http = new RawHttp(port);
    RawHttp.Response created =
        http.send(
            "POST",
            "/api/tasks",
            List.<String[]>of(new String[] {"Content-Type", "application/json"}),
            "{\"name\":\"Target\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).isEqualTo(201);
    taskId = JSON.readTree(created.body()).get("id").asString();
  }

  @AfterContainer
  static void stop() throws IOException {
    if (app != null) {
      app.close();
    }
    RefusedRequestsChangeNothingPropertyTests.deleteTree(home);
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 150)
  void hostileIdsInPathsAreRefusedWithAProblemAndChangeNothing(
      @ForAll("paths") String path, @ForAll("methods") String method) throws IOException {
    byte[] body =
        method.equals("GET") || method.equals("DELETE")
            ? new byte[0]
            : "{}".getBytes(StandardCharsets.UTF_8);
    assertRefusedWithoutChange(
        method, path, List.<String[]>of(new String[] {"Content-Type", "application/json"}), body);
  }

  @Property(tries = 150)
  void hostileBodiesAndHeadersAreRefusedWithAProblemAndChangeNothing(
      @ForAll("targets") String target,
      @ForAll("bodies") byte[] body,
      @ForAll("contentTypes") String contentType,
      @ForAll("junkHeaders") List<String[]> junk)
      throws IOException {
    List<String[]> headers = new ArrayList<>(junk);
    if (!contentType.isEmpty()) {
      headers.add(new String[] {"Content-Type", contentType});
    }
    String[] parts = target.split(" ", 2);
    assertRefusedWithoutChange(parts[0], parts[1], headers, body);
  }

  /** Found by the property above: Spring Security's firewall refusing a form parameter name. */
  @Example
  void aFormBodyWithControlCharactersIsRefusedWithAProblemAndChangesNothing() throws IOException {
    assertRefusedWithoutChange(
        "POST",
        "/api/tasks",
        List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"}),
        new byte[] {0, 1, 2});
  }

  /** Request lines of HTTP versions Tomcat does not speak: the client's mistake, named. */
  @Example
  void otherHttpVersionsAreClientErrorsThatSayWhichVersionIsNotSpoken() throws IOException {
    for (String version : List.of("HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "HTTP/3.0")) {
      List<byte[]> before = storeFiles();
      RawHttp.Response response =
          http.exchange(
              ("POST /api/tasks "
                      + version
                      + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 12\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              "{\"name\":\"x\"}".getBytes(StandardCharsets.US_ASCII));
      assertThat(response.status()).as(version).isEqualTo(400);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("detail").asString())
          .as(version)
          .contains("'" + version + "'")
          .contains("HTTP/1.1")
          .doesNotContain("unexpected");
      List<byte[]> after = storeFiles();
      for (int i = 0; i < before.size(); i++) {
        assertThat(after.get(i)).as(version).isEqualTo(before.get(i));
      }
    }
  }

  /** This server is no proxy: CONNECT is a method it does not allow, with the ones it does. */
  @Example
  void connectIsAMethodNotAllowedThatSaysWhy() throws IOException {
    for (String target : List.of("127.0.0.1:443", "/api/tasks")) {
      RawHttp.Response response =
          http.exchange(
              ("CONNECT " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              new byte[0]);
      assertThat(response.status()).as(target).isEqualTo(405);
      assertThat(response.header("Allow")).contains("GET").contains("POST");
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("detail").asString())
          .contains("CONNECT")
          .contains("not a proxy");
    }
  }

  @Property(tries = 100)
  void anyValueOnAStaleIfMatchIsRefusedAndChangesNothing(
      @ForAll("values") String value, @ForAll("fields") String field) throws IOException {
    String body = "{\"" + field + "\":" + JSON.writeValueAsString(value) + "}";
    List<String[]> headers =
        List.of(
            new String[] {"Content-Type", "application/json"},
            new String[] {"If-Match", "\"999\""});
    assertRefusedWithoutChange(
        "PATCH", "/api/tasks/" + taskId, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 150)
  void hostileQueryStringsNeverFailTheServerAndChangeNothing(
      @ForAll("readPaths") String path, @ForAll("queries") String query) throws IOException {
    List<byte[]> before = storeFiles();
    RawHttp.Response response = http.send("GET", path + "?" + query, List.of(), new byte[0]);
    String what = "GET " + path + "?" + abbreviate(query) + " -> " + response.status();
    assertThat(response.status()).as(what).isLessThan(500);
    if (response.status() >= 400) {
      assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("status").asInt())
          .as(what)
          .isEqualTo(response.status());
    }
    List<byte[]> after = storeFiles();
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).as(what).isEqualTo(before.get(i));
    }
  }

  private static void assertRefusedWithoutChange(
      String method, String target, List<String[]> headers, byte[] body) throws IOException {
    List<byte[]> before = storeFiles();
    RawHttp.Response response = http.send(method, target, headers, body);
    String what =
        method
            + " "
            + abbreviate(target)
            + " -> "
            + response.status()
            + " "
            + abbreviate(response.body());
    boolean unknownCoding = headers.stream().anyMatch(h -> h[0].equals("Transfer-Encoding"));
    if (unknownCoding && response.status() == 501) {
      // RFC 9112 6.1: a transfer coding the server does not know is answered with 501.
      assertThat(response.body()).as(what).contains("Transfer-Encoding");
    } else {
      assertThat(response.status()).as(what).isBetween(400, 499);
    }
    assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.status());
    assertThat(problem.get("title").asString()).as(what).isNotBlank();
    assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("at dev.");
    List<byte[]> after = storeFiles();
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).as(what).isEqualTo(before.get(i));
    }
  }

  private static List<byte[]> storeFiles() throws IOException {
    List<byte[]> files = new ArrayList<>();
    for (String name : List.of("current.json", "journal.jsonl", "memory.json")) {
      Path file = home.resolve("tasks").resolve(name);
      files.add(Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
    }
    return files;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT");
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> template =
        Arbitraries.of(
            "/api/tasks/%s",
            "/api/tasks/%s/start",
            "/api/tasks/%s/complete",
            "/api/tasks/%s/fail",
            "/api/tasks/%s/retry",
            "/api/tasks/%s/context",
            "/api/tasks/%s/dependencies",
            "/api/tasks/%s/dependencies/%s",
            "/api/tasks/%s/tree",
            "/api/tasks/%s/events",
            "/api/memory/entries/%s",
            "/api/%s");
    return Combinators.combine(template, hostileIds()).as((t, id) -> t.replace("%s", id));
  }

  /** Ids no task has: traversal, encodings, control characters, huge, random. */
  static Arbitrary<String> hostileIds() {
    Arbitrary<String> fixed =
        Arbitraries.of(
            "..",
            "../",
            "../../etc/passwd",
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e",
            "%2e%2e%2f%2e%2e",
            "%252e%252e",
            "..%5C..%5C",
            "..;",
            "..;jsessionid=1",
            "%00",
            "abcd%00efgh",
            "%0d%0aX-Injected:%201",
            "%ff%fe%fd",
            "%c0%ae%c0%ae",
            "%e2%80%ae",
            "a" + "%20".repeat(3),
            "%",
            "%zz",
            "{id}",
            "*",
            "~root",
            "0000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "00000000-0000-0000-0000-00000000000g",
            "x".repeat(5000),
            "1".repeat(100));
    Arbitrary<String> encoded =
        Arbitraries.strings()
            .all()
            .ofMinLength(1)
            .ofMaxLength(60)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    Arbitrary<String> raw =
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> unknown = Arbitraries.create(() -> UUID.randomUUID().toString());
    Arbitrary<String> hex =
        Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(1).ofMaxLength(40);
    return Arbitraries.oneOf(fixed, encoded, raw, unknown, hex)
        .filter(s -> !s.isEmpty() && !s.startsWith("?") && !s.startsWith("#"));
  }

  @Provide
  Arbitrary<String> readPaths() {
    return Arbitraries.of(
        "/api/tasks",
        "/api/tasks/tree",
        "/api/history",
        "/api/search",
        "/api/stats",
        "/api/sessions",
        "/api/memory/search",
        "/api/memory/export");
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> name =
        Arbitraries.of(
            "status",
            "priority",
            "tag",
            "limit",
            "cursor",
            "text",
            "q",
            "since",
            "until",
            "min_duration",
            "weeks",
            "format",
            "max_chars",
            "root",
            "attempts",
            "%ff",
            "");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            hostileIds(),
            Arbitraries.of(
                "-1",
                "0",
                "99999999999999999999",
                "1e9",
                "NaN",
                "2026-13-45",
                "P-1D",
                "%ff%fe",
                "%",
                "a%2",
                "x".repeat(20_000)));
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return pair.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("&", l));
  }

  @Provide
  Arbitrary<String> targets() {
    String unknown = UUID.randomUUID().toString();
    return Arbitraries.of(
        "POST /api/tasks",
        "PATCH /api/tasks/" + unknown,
        "POST /api/tasks/" + unknown + "/start",
        "POST /api/tasks/" + unknown + "/fail",
        "POST /api/tasks/" + unknown + "/context",
        "POST /api/tasks/" + unknown + "/dependencies",
        "POST /api/memory/decisions",
        "POST /api/memory/patterns",
        "PUT /api/memory/project-type",
        "PUT /api/session/focus");
  }

  /** Bodies no endpoint accepts: malformed, wrong types, nested, huge, binary. */
  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                "{",
                "}",
                "null",
                "[]",
                "\"name\"",
                "{\"name\":}",
                "{\"name\":1}",
                "{\"name\":true}",
                "{\"name\":[\"a\"]}",
                "{\"name\":{\"a\":\"b\"}}",
                "{\"text\":1}",
                "{\"text\":[1,2]}",
                "{\"project_type\":{}}",
                "{\"task_id\":[]}",
                "{\"kind\":1,\"value\":2}",
                "{\"depends_on\":{\"a\":1}}",
                "{\"tags\":\"x\",\"name\":5}",
                "{\"name\":\"a\",\"name\":}",
                "{'name':'single quotes'}",
                "{\"name\":\"\\ud800\"",
                "{\"name\":\"x\"}garbage{",
                "\u0000\u0001\u0002"),
            Arbitraries.integers().between(600, 3000).map(d -> "[".repeat(d) + "]".repeat(d)),
            Arbitraries.integers()
                .between(600, 3000)
                .map(d -> "{\"name\":" + "{\"a\":".repeat(d) + "1" + "}".repeat(d + 1)),
            Arbitraries.strings()
                .withCharRange('\u0000', '\u001f')
                .ofMinLength(1)
                .ofMaxLength(50)
                .map(s -> "{\"name\":" + s + "}"),
            Arbitraries.strings()
                .all()
                .ofMaxLength(200)
                .map(s -> "{\"name\": [" + JSON.writeValueAsString(s) + "]}"),
            Arbitraries.integers()
                .between(1024 * 1024 + 1, 1024 * 1024 + 4096)
                .map(n -> "{\"name\":\"" + "n".repeat(n) + "\"}"));
    Arbitrary<byte[]> binary =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(300)
            .filter(b -> b[0] != '{' && b[0] != '[' && b[0] != '"');
    return Arbitraries.oneOf(text.map(s -> s.getBytes(StandardCharsets.UTF_8)), binary);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=utf-16",
        "application/json; charset=nonsense",
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "*/*",
        ";;;",
        "application/",
        "");
  }

  @Provide
  Arbitrary<List<String[]>> junkHeaders() {
    Arbitrary<String[]> header =
        Arbitraries.oneOf(
            Arbitraries.of(
                new String[] {"Accept", "application/json"},
                new String[] {"Accept", "application/xml"},
                new String[] {"Accept", "text/html;q=abc"},
                new String[] {"Accept", ";;;"},
                new String[] {"If-Match", "\"1\""},
                new String[] {"If-Match", "*"},
                new String[] {"If-Match", "W/\"x\""},
                new String[] {"If-Match", "\"99999999999999999999999\""},
                new String[] {"Accept-Charset", "nonsense"},
                new String[] {"Transfer-Encoding", "gzip"},
                new String[] {"X-Forwarded-For", "../../"}),
            Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMaxLength(300)
                .map(v -> new String[] {"If-Match", v}),
            Arbitraries.strings()
                .withCharRange('\u0001', '\u001f')
                .ofMinLength(1)
                .ofMaxLength(5)
                .filter(v -> v.indexOf('\r') < 0 && v.indexOf('\n') < 0)
                .map(v -> new String[] {"X-Junk", "a" + v + "b"}));
    return header.list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of("name", "description", "priority", "tags");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(20),
        Arbitraries.of("", " ", "high", "../..", "\u202e", "x".repeat(10_001), "\ud83d\ude00"));
  }
}
