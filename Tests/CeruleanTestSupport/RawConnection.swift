import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// One TCP connection (TLS optional) that sends exactly the bytes a test gives it and records
/// what comes back and when the server closes: for requests no HTTP client would send (a head
/// that stops halfway, a chunk size of 2^64-1) and for connection timeouts.
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector
    /// When the connection was asked for (not when the awaiting task resumed: on a busy machine that can be much later).
    private let opened: ContinuousClock.Instant

    /// Connects to `url`'s host and port. `tls: false` on an HTTPS server opens a plain TCP
    /// connection that never starts the handshake. `first` is written the moment the connection is
    /// ready (on its event loop: a busy test process cannot delay it past a server's short timeout).
    public static func open(_ url: String, caFile: String?, tls: Bool = true, first: String? = nil,
                            group: MultiThreadedEventLoopGroup = .singleton) async throws -> RawConnection {
        let started = ContinuousClock.now
        let parsed = URL(string: url)!
        let host = parsed.host ?? "127.0.0.1"
        let useTLS = tls && parsed.scheme == "https"
        let sslContext: NIOSSLContext? = try useTLS ? {
            var config = TLSConfiguration.makeClientConfiguration()
            if let caFile { config.trustRoots = .file(caFile) }
            return try NIOSSLContext(configuration: config)
        }() : nil
        let collector = Collector(first: first.map { Array($0.utf8) }, afterHandshake: useTLS)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let isIP = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: sslContext, serverHostname: isIP ? nil : host))
                    }
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: parsed.port ?? 443).get()
        let connection = RawConnection(channel: channel, collector: collector, opened: started)
        if useTLS {
            // Bounded: a server that never gets to the handshake fails the test instead of hanging it.
            channel.eventLoop.scheduleTask(in: .seconds(15)) { collector.settleHandshake(ChannelError.connectTimeout(.seconds(15))) }
            try await collector.handshake.futureResult.get()
        }
        return connection
    }

    private init(channel: any Channel, collector: Collector, opened: ContinuousClock.Instant) {
        self.channel = channel
        self.collector = collector
        self.opened = opened
    }

    public func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// Everything received so far.
    public var received: Data { collector.state.withLock { $0.data } }

    /// Waits until the server closes the connection or `timeout` passes. `after` is the time from
    /// opening the connection to the close (`nil` if it stayed open).
    public func waitForClose(timeout: Duration) async -> (received: Data, after: Duration?) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let closed = collector.state.withLock({ $0.closedAt }) { return (received, closed - opened) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (received, nil)
    }

    /// Waits until a whole response (head and `Content-Length` body) has arrived, the connection
    /// closes, or `timeout` passes; `nil` when no response head arrived.
    public func waitForResponse(timeout: Duration) async -> RawResponse? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let response = RawResponse(received), response.isComplete { return response }
            if collector.state.withLock({ $0.closedAt }) != nil { return RawResponse(received) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return RawResponse(received)
    }

    /// Forgets what was received (before the next request on the same connection).
    public func clearReceived() {
        collector.state.withLock { $0.data.removeAll() }
    }

    public var isOpen: Bool { collector.state.withLock { $0.closedAt == nil } }

    public func close() {
        channel.close(promise: nil)
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        struct State {
            var data = Data()
            var closedAt: ContinuousClock.Instant?
            var handshakeDone = false
        }
        let state = Mutex(State())
        let handshake: EventLoopPromise<Void>
        let first: [UInt8]?
        let afterHandshake: Bool

        init(first: [UInt8]?, afterHandshake: Bool) {
            handshake = MultiThreadedEventLoopGroup.singleton.next().makePromise()
            self.first = first
            self.afterHandshake = afterHandshake
        }

        func channelActive(context: ChannelHandlerContext) {
            if !afterHandshake, let first { context.writeAndFlush(NIOAny(ByteBuffer(bytes: first)), promise: nil) }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.data.append(contentsOf: buffer.readableBytesView) }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .handshakeCompleted = event as? TLSUserEvent {
                if let first { context.writeAndFlush(NIOAny(ByteBuffer(bytes: first)), promise: nil) }
                settleHandshake(nil)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            settleHandshake(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closedAt = ContinuousClock.now }
            settleHandshake(ChannelError.ioOnClosedChannel)
        }

        /// Completes the handshake promise once.
        func settleHandshake(_ error: (any Error)?) {
            let first = state.withLock { s in
                defer { s.handshakeDone = true }
                return !s.handshakeDone
            }
            guard first else { return }
            if let error { handshake.fail(error) } else { handshake.succeed() }
        }
    }
}

/// An HTTP/1 response read from raw bytes.
public struct RawResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: Data
    public let isComplete: Bool

    public init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard let end = Self.find([13, 10, 13, 10], in: bytes) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."),
            let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        let fields: [(String, String)] = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let content = Data(bytes[(end + 4)...])
        let length = fields.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) }
        self.status = status
        headers = fields
        body = content
        isComplete = length.map { content.count >= $0 } ?? false
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var errorCode: String? {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["error"].flatMap { ($0 as? [String: Any])?["code"] as? String }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
