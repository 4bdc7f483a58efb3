import ARM
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS

/// One per connection, between NIO's HTTP/1 parser and Hummingbird. It
/// - enforces the `ConnectionLimits` timeouts (TLS handshake, request head, request body,
///   kept-alive idle), answering `408` when a started request stops arriving;
/// - keeps HTTP/1.0 and `Connection: close` semantics: the answer says `Connection: close`
///   and the connection closes once it is sent;
/// - on graceful shutdown (the quiesce event) closes an idle connection at once, lets requests
///   already arriving or being answered finish with `Connection: close`, and closes whatever is
///   left when the drain deadline passes;
/// - answers a request NIO's parser (or `ChunkSizeGuard`) cannot read with an Azure-shaped `400`
///   rather than Hummingbird's empty one;
/// - tells the `ConnectionGovernor` when it is idle, and closes when the governor sheds it.
final class ConnectionWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The governor's request to close this connection if it is still between requests.
    struct Shed: Sendable {}
    /// Request bytes arrived (fired by `ChunkSizeGuard`, which sees them before the parser).
    struct BytesArrived: Sendable {}

    /// How the client wants its connection kept after an answer.
    private enum Persistence {
        case keepAlive, close, http10KeepAlive, http10Close

        init(_ head: HTTPRequestHead) {
            let old = head.version.major == 1 && head.version.minor == 0
            switch (old, head.isKeepAlive) {
            case (false, true): self = .keepAlive
            case (false, false): self = .close
            case (true, true): self = .http10KeepAlive
            case (true, false): self = .http10Close
            }
        }
    }

    private var timeline: ConnectionTimeline
    private let governor: ConnectionGovernor?
    private let logger: Logger
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var drainTimer: Scheduled<Void>?
    /// One entry per request whose answer has not started, oldest first.
    private var pending: [Persistence] = []
    /// Whether the answer being written ends the connection (`nil` when none is being written).
    private var answerCloses: Bool?
    /// A request asked for the connection to end: later requests on it are not read.
    private var readingStopped = false
    /// The request being read arrived after that, and is not passed on.
    private var dropping = false
    private var shuttingDown = false
    private var closing = false
    /// What the governor was last told.
    private var reportedIdleSince: NIODeadline?
    private var reportedOnce = false

    init(limits: ConnectionLimits, tls: Bool, governor: ConnectionGovernor?, logger: Logger) {
        timeline = ConnectionTimeline(limits: limits, tls: tls, now: .now())
        self.governor = governor
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        governor?.register(context.channel)
        changed(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        governor?.unregister(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        cancelTimers()
        governor?.unregister(context.channel)
        context.fireChannelInactive()
    }

    // MARK: Requests in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .head(let head) = part {
            dropping = readingStopped || closing
            guard !dropping else { return }
            let persistence = Persistence(head)
            pending.append(persistence)
            if persistence == .close || persistence == .http10Close { readingStopped = true }
            timeline.requestHeadArrived(at: .now())
            context.fireChannelRead(data)
        } else {
            guard !dropping else { return }
            if case .end = part { timeline.requestEnded() }
            context.fireChannelRead(data)
        }
        changed(context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is BytesArrived:
            timeline.bytesArrived(at: .now())
            changed(context)
        case let tls as TLSUserEvent:
            if case .handshakeCompleted = tls {
                timeline.handshakeFinished(at: .now())
                changed(context)
            }
            context.fireUserInboundEventTriggered(event)
        case is ChannelShouldQuiesceEvent:
            // Not passed on: Hummingbird's own handling would close a connection mid-head.
            beginShutdown(context)
        case is Shed:
            if timeline.isBetweenRequests && !closing {
                logger.debug("Shedding an idle connection at the connection limit")
                closeAbruptly(context)
            } else if !closing {
                governor?.shedDeclined(context.channel)
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let refusal = Self.refusal(for: error) {
            if !closing && answerCloses == nil {
                write(refusal, context)
            }
            closeGracefully(context)
        }
        // Passed on either way, so a handler reading the body fails instead of taking a cut body as whole.
        context.fireErrorCaught(error)
    }

    // MARK: Answers out

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            let persistence = pending.isEmpty ? .keepAlive : pending.removeFirst()
            var closes = shuttingDown || persistence == .close || persistence == .http10Close
            if persistence == .http10KeepAlive || persistence == .http10Close {
                head.version = .http1_0
                // An HTTP/1.0 body without a length ends where the connection does.
                if !head.headers.contains(name: "content-length") { closes = true }
            }
            if closes {
                head.headers.replaceOrAdd(name: "connection", value: "close")
            } else if persistence == .http10KeepAlive {
                head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            }
            answerCloses = closes
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            let closes = answerCloses ?? false
            answerCloses = nil
            timeline.answerSent(at: .now())
            context.writeAndFlush(data, promise: promise)
            if closes || (shuttingDown && timeline.isIdle) {
                closeGracefully(context)
            } else {
                changed(context)
            }
        }
    }

    // MARK: Deadlines

    /// Re-arms the deadline after the timeline moved and tells the governor whether this is idle.
    /// This runs several times per request, so the governor hears only changes, and a timer
    /// already armed for an earlier moment is kept: it fires, finds the deadline moved, and
    /// re-arms for it (`deadlinePassed`), instead of a cancel and a schedule per request.
    private func changed(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        let idleSince = timeline.betweenRequestsSince
        if idleSince != reportedIdleSince || !reportedOnce {
            reportedIdleSince = idleSince
            reportedOnce = true
            governor?.update(context.channel, idleSince: idleSince)
        }
        let next = timeline.deadline
        guard next?.at != timerDeadline else { return }
        if let armed = timerDeadline, timer != nil, next.map({ armed <= $0.at }) ?? true { return }
        timer?.cancel()
        timer = nil
        timerDeadline = next?.at
        guard let next else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: next.at) {
            let (watch, context) = loopBound.value
            watch.deadlinePassed(context)
        }
    }

    private func deadlinePassed(_ context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        guard !closing, let (at, expiry) = timeline.deadline else { return }
        guard at <= .now() else { return changed(context) }
        let limits = timeline.limits
        switch expiry {
        case .handshake, .idle:
            closeAbruptly(context)
        case .head:
            write(.timeout("The request head did not arrive in full within \(Self.seconds(limits.requestHead))."), context)
            closeGracefully(context)
        case .body:
            write(.timeout("The request body did not arrive in full within \(Self.seconds(limits.requestBody)) of its head."), context)
            closeGracefully(context)
        }
    }

    private func beginShutdown(_ context: ChannelHandlerContext) {
        guard !shuttingDown, !closing else { return }
        shuttingDown = true
        if timeline.isIdle || timeline.handshaking {
            return closeAbruptly(context)
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        drainTimer = context.eventLoop.scheduleTask(in: timeline.limits.shutdownDrain) {
            let (watch, context) = loopBound.value
            watch.drainTimer = nil
            watch.logger.debug("Shutdown drain deadline passed: closing a connection still in use")
            watch.closeAbruptly(context)
        }
    }

    // MARK: Closing

    /// Closes after a TLS close_notify (NIOSSL waits a moment for the client's), for connections
    /// that just sent an answer.
    private func closeGracefully(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        timer?.cancel()
        timer = nil
        context.close(promise: nil)
    }

    /// Closes the socket at once, skipping the TLS close_notify exchange: for idle connections,
    /// which a client's pool notices as closed when it next looks.
    private func closeAbruptly(_ context: ChannelHandlerContext) {
        closing = true
        cancelTimers()
        if let tls = try? context.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self) {
            tls.close(promise: nil)  // a context's close starts below its own handler
        } else {
            context.close(promise: nil)
        }
    }

    private func cancelTimers() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        drainTimer?.cancel()
        drainTimer = nil
    }

    // MARK: Refusals

    /// An answer the connection layer writes itself, in ARM's error envelope.
    struct Refusal: Equatable {
        let status: HTTPResponseStatus
        let code: String
        let message: String

        static func timeout(_ message: String) -> Refusal {
            Refusal(status: .requestTimeout, code: "RequestTimeout", message: message)
        }
    }

    static func refusal(for error: any Error) -> Refusal? {
        if error is RequestFraming.Refusal {
            return Refusal(status: .badRequest, code: "InvalidChunkSize",
                           message: "A chunk size in the request body is 2^63 or more; no request body can be that large.")
        }
        guard let parse = error as? HTTPParserError else { return nil }
        switch parse {
        case .headerOverflow:
            return Refusal(status: .badRequest, code: "RequestHeadersTooLarge",
                           message: "The request line and headers are larger than 80 KB, or there are more than 1,000 header fields.")
        case .invalidChunkSize:
            return Refusal(status: .badRequest, code: "InvalidChunkSize", message: "A chunk size in the request body cannot be read.")
        default:
            return Refusal(status: .badRequest, code: "BadRequest", message: "The request cannot be read as HTTP/1.1 (\(parse)).")
        }
    }

    private func write(_ refusal: Refusal, _ context: ChannelHandlerContext) {
        let body = ARMError(status: Int(refusal.status.code), code: refusal.code, message: refusal.message).envelope.serialized()
        var head = HTTPResponseHead(version: .http1_1, status: refusal.status)
        head.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "x-ms-request-id", value: UUID().uuidString.lowercased())
        head.headers.add(name: "x-ms-error-code", value: refusal.code)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        answerCloses = nil
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? "\(Int(seconds)) seconds" : "\(seconds) seconds"
    }
}
