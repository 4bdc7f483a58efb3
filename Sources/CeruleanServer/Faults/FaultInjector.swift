import Hummingbird
import NIOCore

/// Puts the fault plan between the listener and the planes: asks the `FaultBook` about each
/// request (never the admin plane's), then answers in its stead, delays it, drops the
/// connection, cuts the streamed answer or hands the plane a provisioning failure.
struct FaultInjector: Sendable {
    let book: FaultBook

    /// The plane's answer with the fault that fired on it applied; `nil` when the connection was dropped.
    func answer(_ exchange: Exchange, by plane: any Plane, channel: any Channel) async -> Response? {
        guard book.isActive, let target = plane.faultTarget(exchange), let effect = book.decide(target) else {
            return await plane.respond(to: exchange)
        }
        switch effect {
        case .status(let status, let code, let message, let retryAfter):
            return FaultReply.response(status: status, code: code, message: message, retryAfter: retryAfter, target: target)
        case .latency(let milliseconds):
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return await plane.respond(to: exchange)
        case .dropConnection:
            // Not awaited: a TLS close waits for the peer's close_notify.
            channel.close(mode: .all, promise: nil)
            return nil
        case .cutStream(let events):
            var response = await plane.respond(to: exchange)
            if response.headers[.contentType]?.hasPrefix("text/event-stream") == true {
                response.body = StreamCutter.cut(response.body, afterEvents: events)
            }
            return response
        case .provisioningFailure:
            var faulted = exchange
            faulted.planeFault = effect
            return await plane.respond(to: faulted)
        }
    }
}
