import NIOCore

/// Where one connection is in its life, and by when the next thing must happen: the TLS
/// handshake, the first request's head, the body of the request being read, the next request
/// on a kept-alive connection. No deadline runs while a request is being answered.
struct ConnectionTimeline {
    enum Expiry: Equatable {
        /// The TLS handshake did not finish.
        case handshake
        /// Nothing arrived: a new connection that sent no request, or a kept-alive one left idle.
        case idle
        /// A request head started but did not finish.
        case head
        /// A request body did not finish.
        case body
    }

    let limits: ConnectionLimits
    private(set) var handshaking: Bool
    private let openedAt: NIODeadline
    /// Since when the connection has waited for a request (opened, handshake done, or last answer sent).
    private var waitingSince: NIODeadline
    private var answered = 0
    /// When bytes of the next request head started to arrive while waiting.
    private var headStartedAt: NIODeadline?
    /// When the head of the request being read arrived (its body is still coming).
    private var readingSince: NIODeadline?
    /// Requests whose head arrived and whose answer has not been sent.
    private(set) var inFlight = 0

    init(limits: ConnectionLimits, tls: Bool, now: NIODeadline) {
        self.limits = limits
        handshaking = tls
        openedAt = now
        waitingSince = now
    }

    mutating func handshakeFinished(at now: NIODeadline) {
        guard handshaking else { return }
        handshaking = false
        waitingSince = now
    }

    /// Bytes arrived (whatever they were).
    mutating func bytesArrived(at now: NIODeadline) {
        guard !handshaking, isBetweenRequests, headStartedAt == nil else { return }
        // A new connection's first head counts from the moment the connection was ready.
        headStartedAt = answered == 0 ? waitingSince : now
    }

    mutating func requestHeadArrived(at now: NIODeadline) {
        handshaking = false
        inFlight += 1
        readingSince = now
        headStartedAt = nil
    }

    mutating func requestEnded() {
        readingSince = nil
    }

    mutating func answerSent(at now: NIODeadline) {
        inFlight = max(0, inFlight - 1)
        answered += 1
        if inFlight == 0 {
            waitingSince = now
            headStartedAt = nil
        }
    }

    /// No request is being read or answered.
    var isBetweenRequests: Bool { inFlight == 0 && readingSince == nil }

    /// Between requests and no byte of the next one has arrived: safe to close at once.
    var isIdle: Bool { isBetweenRequests && headStartedAt == nil }

    /// Since when the connection has been between requests (for shedding the longest idle first).
    var betweenRequestsSince: NIODeadline? {
        guard isBetweenRequests else { return nil }
        return handshaking ? openedAt : waitingSince
    }

    /// The next deadline and what expires then; `nil` while a request is being answered.
    var deadline: (at: NIODeadline, expiry: Expiry)? {
        if handshaking { return (openedAt + limits.handshake, .handshake) }
        if let readingSince { return (readingSince + limits.requestBody, .body) }
        guard inFlight == 0 else { return nil }
        if let headStartedAt { return (headStartedAt + limits.requestHead, .head) }
        return answered == 0 ? (waitingSince + limits.requestHead, .idle) : (waitingSince + limits.keepAlive, .idle)
    }
}
