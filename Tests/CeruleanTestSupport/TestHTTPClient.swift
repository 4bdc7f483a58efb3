import CeruleanJSON
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A response as a test sees it.
public struct HTTPResult: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: Data

    public func header(_ name: String) -> String? {
        headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (`.null` when empty or not JSON).
    public var json: JSON { (try? JSONParser.parse(body)) ?? .null }

    /// `error.code` of an Azure error envelope.
    public var errorCode: String? { json["error"]?["code"]?.stringValue }
}

/// The connection ended before a whole response arrived (a dropped connection, a cut stream).
public struct IncompleteResponse: Error, CustomStringConvertible {
    /// What had arrived: the head and the body so far; `nil` when not a byte of a response came.
    public let partial: HTTPResult?
    public let reason: String

    public var description: String {
        partial.map { "response \($0.status) ended after \($0.body.count) body bytes: \(reason)" } ?? "no response: \(reason)"
    }
}

/// A small HTTP/1.1 client on SwiftNIO that trusts one CA file: FoundationNetworking on Linux
/// cannot be told to trust a custom CA. One connection per request keeps it simple.
public final class TestHTTPClient: Sendable {
    public let baseURL: URL
    private let sslContext: NIOSSLContext?
    private let group: MultiThreadedEventLoopGroup

    public init(baseURL: String, caFile: String?) throws {
        self.baseURL = URL(string: baseURL)!
        if self.baseURL.scheme == "https" {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let caFile { tls.trustRoots = .file(caFile) }
            sslContext = try NIOSSLContext(configuration: tls)
        } else {
            sslContext = nil
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    deinit {
        try? group.syncShutdownGracefully()
    }

    public func send(_ method: String, _ pathAndQuery: String, headers: [String: String] = [:], body: Data? = nil,
                     hostHeader: String? = nil) async throws -> HTTPResult
    {
        let host = baseURL.host ?? "localhost"
        let port = baseURL.port ?? (sslContext == nil ? 80 : 443)
        let collector = ResponseCollector()
        let sslContext = self.sslContext
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        // SNI cannot carry an IP address; NIOSSL then checks the IP against the SAN itself.
                        let isIP = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: isIP ? nil : host)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: port).get()
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: pathAndQuery)
        head.headers.add(name: "Host", value: hostHeader ?? "\(host):\(port)")
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body { head.headers.add(name: "Content-Length", value: String(body.count)) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        let result = try await collector.result.futureResult.get()
        try? await channel.close().get()
        return result
    }

    /// JSON convenience: sends `json` as the body with the JSON content type.
    public func send(_ method: String, _ pathAndQuery: String, headers: [String: String] = [:], json: JSON)
        async throws -> HTTPResult
    {
        var all = headers
        all["Content-Type"] = "application/json"
        return try await send(method, pathAndQuery, headers: all, body: json.serialized())
    }
}

private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private var head: HTTPResponseHead?
    private var body = Data()
    private let lock = NSLock()
    private var promise: EventLoopPromise<HTTPResult>?
    private var completed = false

    var result: EventLoopPromise<HTTPResult> {
        lock.lock()
        defer { lock.unlock() }
        return promise!
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lock.lock()
        promise = context.eventLoop.makePromise(of: HTTPResult.self)
        lock.unlock()
    }

    /// Completes the promise once; later outcomes (a close after the answer) are ignored.
    private func finish(_ outcome: Result<HTTPResult, any Error>) {
        lock.lock()
        let first = !completed
        completed = true
        let p = promise
        lock.unlock()
        if first { p?.completeWith(outcome) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body(var buffer): body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard let h = head else { return finish(.failure(ChannelError.ioOnClosedChannel)) }
            finish(.success(HTTPResult(status: Int(h.status.code), headers: h.headers.map { ($0.name, $0.value) }, body: body)))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(.failure(incomplete("\(error)")))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(incomplete("connection closed")))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(incomplete("connection closed")))
    }

    private func incomplete(_ reason: String) -> IncompleteResponse {
        IncompleteResponse(partial: head.map { HTTPResult(status: Int($0.status.code), headers: $0.headers.map { ($0.name, $0.value) }, body: body) },
                           reason: reason)
    }
}
