package cn.binjiang.union.clickhouse;

import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The listening side of the server: one HTTP port and an optional HTTPS port, held to limits that keep slow and
 * hostile clients from starving the rest.
 *
 * <p>Jetty reads a request's line and headers without a thread of its own (its selector), so connections that
 * send nothing, or trickle their headers, cost a buffer and a socket, never a request thread: {@code /ping} and
 * queries keep their threads. Each limit below is stated in the module README.
 */
final class HttpListeners {
    /**
     * A request body slower than this, on average, is cut off with 408: a trickled INSERT body holds a request thread.
     */
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    /**
     * Request line and headers together; ClickHouse's http_max_uri_size is 1 MiB, and a GET carries its SQL in the URL.
     */
    static final int MAX_REQUEST_HEAD_BYTES = 1 << 20;
    /** Connections the kernel holds for us beyond {@code --max-connections} while accepting is paused. */
    static final int ACCEPT_BACKLOG = 128;
    /** Request threads beyond the query slots: requests waiting for a slot, pings, /metrics and body reading. */
    private static final int SPARE_THREADS = 64;

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final Server server;

    private HttpListeners(Server server) {
        this.server = server;
    }

    /**
     * Binds the ports at once, so that a port in use is reported before the engine boots and names its option;
     * requests are served from {@link #start}.
     */
    static HttpListeners bind(ServerOptions options) {
        QueuedThreadPool threads = new QueuedThreadPool(options.maxConcurrentQueries() + SPARE_THREADS, 4);
        threads.setName("http");
        Server server = new Server(threads);
        server.setStopTimeout(SHUTDOWN_GRACE.toMillis());
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        // No byte for this long while a request is read (its headers or its body), or between keep-alive requests:
        // the connection is closed. A running query sends nothing for as long as it runs and is not cut.
        http.setIdleTimeout(options.receiveTimeout().toMillis());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector plain = connector(server, options, options.port(), new HttpConnectionFactory(http));
        server.addConnector(plain);
        options.tls().ifPresent(t -> {
            SslContextFactory.Server context = new SslContextFactory.Server();
            context.setSslContext(TlsContext.load(t.certificateFile(), t.privateKeyFile()));
            server.addConnector(connector(
                    server,
                    options,
                    t.port(),
                    new SslConnectionFactory(context, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http)));
        });
        server.addBean(new NetworkConnectionLimit(options.maxConnections(), server));
        for (Connector c : server.getConnectors()) {
            ServerConnector connector = (ServerConnector) c;
            String option = connector == plain ? "--port" : "--https-port";
            try {
                connector.open();
            } catch (BindException e) {
                throw new ConfigurationException(
                        option + " " + connector.getPort() + " on --host " + options.host() + " cannot be used: "
                                + e.getMessage(),
                        e);
            } catch (IOException e) {
                throw new ConfigurationException(
                        "cannot listen on --host " + options.host() + " " + option + " " + connector.getPort() + ": "
                                + e,
                        e);
            }
        }
        return new HttpListeners(server);
    }

    private static ServerConnector connector(
            Server server, ServerOptions options, int port, ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(options.host());
        connector.setPort(port);
        connector.setIdleTimeout(options.receiveTimeout().toMillis());
        connector.setAcceptQueueSize(ACCEPT_BACKLOG);
        return connector;
    }

    /**
     * Serves {@code handler} on every port, and {@code errors} for the requests Jetty refuses before they reach it
     * (malformed, too large, too slow); in-flight requests may finish during {@link #stop}.
     */
    void start(Handler handler, Request.Handler errors) throws Exception {
        server.setErrorHandler(errors);
        server.setHandler(new GracefulHandler(handler));
        server.start();
    }

    /** The bound ports: HTTP first, then HTTPS if configured. */
    List<Integer> ports() {
        return List.of(server.getConnectors()).stream()
                .map(c -> ((ServerConnector) c).getLocalPort())
                .toList();
    }

    /** Stops accepting and lets running requests finish, up to the grace period. */
    void stop() throws Exception {
        server.stop();
    }
}
