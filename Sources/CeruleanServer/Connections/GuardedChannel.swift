import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Hummingbird's HTTP/1 child channel with Cerulean's connection handling around it:
/// `[TLS] -> ChunkSizeGuard -> NIO's HTTP/1 parser -> ConnectionWatch -> Hummingbird`.
/// (Hummingbird's `TLSChannel` is not used: the guard must see the bytes after decryption.)
struct GuardedChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let tls: NIOSSLContext?
    let limits: ConnectionLimits
    let governor: ConnectionGovernor?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if let tls {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
            }
            try channel.pipeline.syncOperations.addHandler(ChunkSizeGuard())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // Between NIO's parser and the HTTP types conversion: it needs HTTP/1's version and keep-alive.
            let parser = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let watch = ConnectionWatch(limits: limits, tls: tls != nil, governor: governor, logger: logger)
            try channel.pipeline.syncOperations.addHandler(watch, position: .after(parser))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
