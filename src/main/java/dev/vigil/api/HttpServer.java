package dev.vigil.api;

import dev.vigil.spec.json.BoundedJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP(S) API server: Jetty through Javalin, host allowlist first, JSON errors on every route,
 * and the route groups it is given.
 */
public final class HttpServer implements AutoCloseable {
  /**
   * Longest JSON string in a core-route (signing) body: the largest a client sends is an Electra
   * aggregate's aggregation_bits, 32 KiB of hex. A longer one stops the parse where it passes this.
   */
  static final int CORE_MAX_STRING_CHARS = 64 * 1024;

  private final Javalin app;

  private HttpServer(Javalin app) {
    this.app = app;
  }

  /** Starts listening; throws when the address cannot be bound or TLS cannot be set up. */
  public static HttpServer start(HttpServerOptions options, JsonBodies json, List<Routes> groups) {
    HostAllowlist allowlist = new HostAllowlist(options.hostAllowlist());
    SSLContext sslContext = options.tls().map(HttpServer::sslContext).orElse(null);
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = HttpServerOptions.MAX_BODY_BYTES;
              config.jetty.host = options.host();
              config.jetty.port = options.port();
              List<CoreRoute> coreRoutes = groups.stream()
                  .filter(CoreRoute.class::isInstance).map(CoreRoute.class::cast).toList();
              // Javalin puts its servlet context inside the handler it finds on the server.
              config.jetty.modifyServer(server -> {
                server.setHandler(new CoreRoutesHandler(coreRoutes, allowlist, new JsonBodies(BoundedJson.mapper(CORE_MAX_STRING_CHARS))));
                options.connections().applyTo(server);
              });
              config.jetty.modifyHttpConfiguration(ConnectionBounds::applyTo);
              if (sslContext != null) {
                boolean needClientAuth = options.tls().orElseThrow().knownClientsFile().isPresent();
                config.jetty.addConnector(
                    (server, http) -> tlsConnector(server, http, options, sslContext, needClientAuth));
              }
              var routes = config.routes;
              routes.before(
                  ctx -> {
                    if (!allowlist.allows(ctx.header("Host"))) {
                      throw new ApiException(403, "Host not authorized");
                    }
                  });
              groups.forEach(group -> group.register(routes));
              routes.exception(ApiException.class, (e, ctx) -> writeError(ctx, json, e.status(), e.getMessage()));
              routes.exception(Exception.class, (e, ctx) -> writeError(ctx, json, e));
              routes.error(404, ctx -> fillEmptyError(ctx, json, "no route " + ctx.method() + " " + ctx.path()));
              routes.error(405, ctx -> fillEmptyError(ctx, json, "method not allowed"));
              routes.error(413, ctx -> writeError(ctx, json, 413, "request body too large"));
            });
    app.start();
    return new HttpServer(app);
  }

  /** Maps an exception (possibly wrapped by a future) to the JSON error response. */
  public static void writeError(Context ctx, JsonBodies json, Throwable error) {
    ApiException api = ApiException.from(error, ctx.method() + " " + ctx.path());
    writeError(ctx, json, api.status(), api.getMessage());
  }

  static void writeError(Context ctx, JsonBodies json, int status, String message) {
    json.write(ctx, status, new ErrorBody(status, message));
  }

  /** Replaces Jetty's and Javalin's plain-text error pages; leaves JSON errors our handlers wrote. */
  private static void fillEmptyError(Context ctx, JsonBodies json, String message) {
    String contentType = ctx.res().getContentType();
    if (contentType == null || !contentType.startsWith("application/json")) {
      writeError(ctx, json, ctx.status().getCode(), message);
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static ServerConnector tlsConnector(
      Server server, HttpConfiguration http, HttpServerOptions options, SSLContext sslContext, boolean needClientAuth) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setSslContext(sslContext);
    factory.setNeedClientAuth(needClientAuth);
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(options.host());
    connector.setPort(options.port());
    return connector;
  }

  private static SSLContext sslContext(TlsOptions tls) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (var in = java.nio.file.Files.newInputStream(tls.keystoreFile())) {
        keyStore.load(in, tls.keystorePassword());
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, tls.keystorePassword());
      TrustManager[] trust =
          tls.knownClientsFile().isPresent()
              ? new TrustManager[] {KnownClients.load(tls.knownClientsFile().get())}
              : null;
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trust, null);
      return context;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read TLS keystore " + tls.keystoreFile() + ": " + rootMessage(e), e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS from " + tls.keystoreFile() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
