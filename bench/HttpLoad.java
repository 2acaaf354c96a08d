import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load for bench/http-load.sh (run with `java bench/HttpLoad.java`, no build needed).
 *
 * <p>{@code load PORT CLIENTS SECONDS ACKED_FILE}: CLIENTS threads, each with its own connection,
 * loop create → start → complete over the REST API for SECONDS (a cycle under way at the deadline
 * is finished). Each call returns only once its change is durable (journal fsynced, snapshots
 * replaced), so a 2xx is an acknowledgement. Prints changes/s, tasks/s and latency percentiles;
 * writes the ids of acknowledged completions to ACKED_FILE.
 *
 * <p>{@code verify PORT ACKED_FILE}: pages through /api/history of a freshly started server and
 * checks that every acknowledged task is there, completed.
 */
public class HttpLoad {

  private static final Pattern ID = Pattern.compile("[{,]\"id\":\"([0-9a-f-]{36})\"");
  private static final Pattern CURSOR = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    if (args[0].equals("load")) {
      load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
    } else {
      verify(Integer.parseInt(args[1]), Path.of(args[2]));
    }
  }

  static final class Client extends Thread {
    final int port;
    final long deadline;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long[] create = new long[1024], start = new long[1024], complete = new long[1024];
    int n; // completed cycles
    int errors;
    final List<String> acked = new ArrayList<>();
    final CountDownLatch go;

    Client(int index, int port, long deadline, CountDownLatch go) {
      super("client-" + index);
      this.port = port;
      this.deadline = deadline;
      this.go = go;
    }

    @Override
    public void run() {
      try {
        go.await();
        int i = 0;
        while (System.nanoTime() < deadline) {
          if (n == create.length) {
            create = Arrays.copyOf(create, n * 2);
            start = Arrays.copyOf(start, n * 2);
            complete = Arrays.copyOf(complete, n * 2);
          }
          long t0 = System.nanoTime();
          String body = post("/api/tasks", "{\"name\":\"" + getName() + " task " + (i++) + "\"}", 201);
          long t1 = System.nanoTime();
          if (body == null) {
            continue;
          }
          Matcher m = ID.matcher(body);
          m.find();
          String id = m.group(1);
          if (post("/api/tasks/" + id + "/start", null, 200) == null) {
            continue;
          }
          long t2 = System.nanoTime();
          if (post("/api/tasks/" + id + "/complete", "{}", 200) == null) {
            continue;
          }
          long t3 = System.nanoTime();
          create[n] = t1 - t0;
          start[n] = t2 - t1;
          complete[n] = t3 - t2;
          n++;
          acked.add(id);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }

    String post(String path, String body, int expect) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json")
              .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expect) {
        errors++;
        if (errors <= 3) {
          System.err.println(getName() + ": " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return null;
      }
      return r.body();
    }
  }

  static void load(int port, int clients, int seconds, Path ackedFile) throws Exception {
    // Warm-up: a few cycles so the JIT has compiled the request path before measuring.
    long warm = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    CountDownLatch warmGo = new CountDownLatch(1);
    List<Client> warmers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      warmers.add(new Client(i, port, warm, warmGo));
    }
    warmers.forEach(Thread::start);
    warmGo.countDown();
    for (Client c : warmers) {
      c.join();
    }
    List<String> acked = new ArrayList<>();
    warmers.forEach(c -> acked.addAll(c.acked));

    CountDownLatch go = new CountDownLatch(1);
    long begin = System.nanoTime();
    long deadline = begin + Duration.ofSeconds(seconds).toNanos();
    List<Client> all = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      all.add(new Client(i, port, deadline, go));
    }
    all.forEach(Thread::start);
    go.countDown();
    for (Client c : all) {
      c.join();
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    int cycles = 0, errors = 0;
    for (Client c : all) {
      cycles += c.n;
      errors += c.errors;
      acked.addAll(c.acked);
    }
    long[] creates = gather(all, c -> c.create);
    long[] starts = gather(all, c -> c.start);
    long[] completes = gather(all, c -> c.complete);
    long[] changes = new long[creates.length * 3];
    System.arraycopy(creates, 0, changes, 0, creates.length);
    System.arraycopy(starts, 0, changes, creates.length, starts.length);
    System.arraycopy(completes, 0, changes, creates.length * 2, completes.length);
    Arrays.sort(changes);
    System.out.printf("clients %d, measured %.1f s (after a 3 s warm-up), errors %d%n", clients, elapsed, errors);
    System.out.printf("durable changes/s            %8.1f  (%d changes: create, start, complete)%n", cycles * 3 / elapsed, cycles * 3);
    System.out.printf("create+complete tasks/s      %8.1f  (%d tasks created, started and completed)%n", cycles / elapsed, cycles);
    System.out.printf("latency per change, ms       p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f%n",
        pct(changes, 50), pct(changes, 90), pct(changes, 99), pct(changes, 100));
    for (String[] kind : new String[][] {{"create", ""}, {"start", ""}, {"complete", ""}}) {
      long[] v = kind[0].equals("create") ? creates : kind[0].equals("start") ? starts : completes;
      Arrays.sort(v);
      System.out.printf("  %-8s                   p50 %6.2f  p99 %6.2f%n", kind[0], pct(v, 50), pct(v, 99));
    }
    Files.write(ackedFile, acked);
    // Where the time goes, from the server's own timers (warm-up included).
    double[] saves = timer(port, "autodev.saves");
    double[] waits = timer(port, "autodev.lock.waits");
    System.out.printf("server: mean save (journal fsync + snapshots) %.2f ms over %.0f saves;"
        + " mean store-lock wait %.2f ms%n", saves[1] / saves[0] * 1e3, saves[0], waits[1] / waits[0] * 1e3);
  }

  private static final Pattern MEASURE =
      Pattern.compile("\"statistic\":\"(COUNT|TOTAL_TIME)\",\"value\":([0-9.Ee+-]+)");

  /** COUNT and TOTAL_TIME (seconds) of a timer from /actuator/metrics. */
  static double[] timer(int port, String name) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + name)).build(),
        HttpResponse.BodyHandlers.ofString());
    double[] v = new double[2];
    Matcher m = MEASURE.matcher(r.body());
    while (m.find()) {
      v[m.group(1).equals("COUNT") ? 0 : 1] = Double.parseDouble(m.group(2));
    }
    return v;
  }

  interface Pick {
    long[] of(Client c);
  }

  static long[] gather(List<Client> clients, Pick pick) {
    int total = 0;
    for (Client c : clients) total += c.n;
    long[] out = new long[total];
    int at = 0;
    for (Client c : clients) {
      System.arraycopy(pick.of(c), 0, out, at, c.n);
      at += c.n;
    }
    return out;
  }

  static double pct(long[] sorted, int p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  static void verify(int port, Path ackedFile) throws Exception {
    List<String> acked = Files.readAllLines(ackedFile);
    HttpClient http = HttpClient.newHttpClient();
    Set<String> completed = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String q = "/api/history?status=completed&limit=1000"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + q)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(q + " -> " + r.statusCode() + " " + r.body());
      }
      Matcher m = ID.matcher(r.body());
      while (m.find()) completed.add(m.group(1));
      Matcher c = CURSOR.matcher(r.body());
      cursor = c.find() ? c.group(1) : null;
      pages++;
    } while (cursor != null);
    long missing = acked.stream().filter(id -> !completed.contains(id)).count();
    System.out.printf("verify: %d acknowledged tasks, %d completed in history after a restart (%d pages), %d missing%n",
        acked.size(), completed.size(), pages, missing);
    if (missing > 0) {
      System.exit(1);
    }
  }
}
