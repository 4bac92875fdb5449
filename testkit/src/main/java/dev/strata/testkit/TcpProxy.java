package dev.strata.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a database server, for failures the network makes: {@link #partition()}
 * stops every byte both ways while both sockets stay open, so the server goes on with the statement
 * it was running as if its client were still there (a deployer killed behind a load balancer, a
 * network split); {@link #closeServerSide()} then lets the server see the connection go.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Socket> serverSockets = new CopyOnWriteArrayList<>();
  private volatile boolean partitioned;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Stops forwarding, both ways, on every connection; the sockets stay open. */
  public void partition() {
    partitioned = true;
  }

  /** Closes the proxy's connections to the server, so the server sees its clients gone. */
  public void closeServerSide() {
    for (Socket socket : serverSockets) quietly(socket);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
        sockets.add(client);
        sockets.add(server);
        serverSockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (listener.isClosed()) return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              // Not try-with-resources: closing a socket's stream closes the socket, and a
              // partitioned connection must stay open.
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  // Once partitioned, bytes are swallowed: the other side never hears of them.
                  if (partitioned) continue;
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: the pump ends.
              } finally {
                if (!partitioned) {
                  quietly(from);
                  quietly(to);
                }
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket socket : sockets) quietly(socket);
  }
}
