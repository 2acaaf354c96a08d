package dev.autodev.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: unlike {@code java.net.http}, it sends raw
 * paths ({@code ../}, {@code %00}), control characters in headers and any Content-Type, which is
 * what a hostile client does.
 */
final class RawHttp {

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  Response send(String method, String target, List<String[]> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    return exchange(head.toString().getBytes(StandardCharsets.UTF_8), body);
  }

  /** Sends the bytes exactly as given (request line and headers included) and reads the answer. */
  Response exchange(byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before reading the whole body (413): read the answer.
      }
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  int port() {
    return port;
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete HTTP response: " + text);
    }
    List<String> lines = List.of(text.substring(0, end).split("\r\n", -1));
    String statusLine = lines.get(0);
    int firstSpace = statusLine.indexOf(' ');
    int status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(data);
    try {
      while (true) {
        StringBuilder size = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
          if (c != '\r') {
            size.append((char) c);
          }
        }
        int semicolon = size.indexOf(";");
        String hex = (semicolon < 0 ? size.toString() : size.substring(0, semicolon)).strip();
        if (hex.isEmpty()) {
          return out.toByteArray();
        }
        int n = Integer.parseInt(hex, 16);
        if (n == 0) {
          return out.toByteArray();
        }
        out.write(in.readNBytes(n));
        in.readNBytes(2);
      }
    } catch (IOException | NumberFormatException e) {
      return out.toByteArray();
    }
  }
}
