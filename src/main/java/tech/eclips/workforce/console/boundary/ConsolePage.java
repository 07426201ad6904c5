package tech.eclips.workforce.console.boundary;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Serves the console's three files from {@code WEB-INF/console}, which the container never serves
 * by itself. Mapped by exact path and by the {@code assets/} prefix, both more specific than the
 * JAX-RS application at {@code /}, and outside {@code /console/v1}, where tokens are required
 * ({@code ConsoleAuthentication}): the page loads without a token, the API never does. Only the
 * listed names exist; anything else under {@code assets/} is a 404 problem.
 */
@WebServlet(urlPatterns = {"/console", "/console/assets/*"})
public class ConsolePage extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final String FOLDER = "/WEB-INF/console/";
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8",
          "console.css", "text/css; charset=utf-8");

  /** A file read once at start: the three are small and never change while the WAR runs. */
  private record Asset(byte[] bytes, String type, String etag) {}

  private transient Map<String, Asset> assets;

  @Override
  public void init() throws ServletException {
    Map<String, Asset> read = new java.util.HashMap<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      try (InputStream in = getServletContext().getResourceAsStream(FOLDER + file.getKey())) {
        if (in == null) {
          throw new ServletException("missing console file " + file.getKey());
        }
        byte[] bytes = in.readAllBytes();
        if (file.getKey().equals("index.html")) {
          bytes = SignInUrl.intoPage(bytes, SignInUrl.configured());
          bytes = ConsoleMode.intoPage(bytes, ConsoleMode.configured());
        }
        read.put(file.getKey(), new Asset(bytes, file.getValue(), etag(bytes)));
      } catch (IOException e) {
        throw new ServletException("cannot read console file " + file.getKey(), e);
      }
    }
    assets = Map.copyOf(read);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean page = !request.getServletPath().equals("/console/assets");
    String path = request.getPathInfo();
    Asset asset = assets.get(page ? "index.html" : path == null ? "" : path.substring(1));
    if (asset == null || (!page && asset.type().startsWith("text/html"))) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    PageHeaders.apply(response);
    response.setHeader("ETag", asset.etag());
    if (asset.etag().equals(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType(asset.type());
    response.setContentLength(asset.bytes().length);
    response.getOutputStream().write(asset.bytes());
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
