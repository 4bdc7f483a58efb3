import Hummingbird
import NIOCore

/// Passes the first `limit` writes of a response body through, then fails the next write (or the
/// finish), so the server closes the connection mid-body: the client has the head and some
/// events, but never `data: [DONE]` nor the end of the chunked body.
struct StreamCutter: ResponseBodyWriter {
    struct Cut: Error {}

    var inner: any ResponseBodyWriter
    var remaining: Int

    mutating func write(_ buffer: ByteBuffer) async throws {
        guard remaining > 0 else { throw Cut() }
        remaining -= 1
        try await inner.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        throw Cut()
    }

    /// `body` cut after `events` writes (the data plane writes one server-sent event per write).
    static func cut(_ body: ResponseBody, afterEvents events: Int) -> ResponseBody {
        ResponseBody { writer in
            try await body.write(StreamCutter(inner: writer, remaining: events))
        }
    }
}
