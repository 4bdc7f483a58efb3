import NIOCore

/// Sits in front of NIO's HTTP/1 parser and watches the request bytes (`RequestFraming`): a chunk
/// size no body can have stops the connection's input and reaches `ConnectionWatch` as an error,
/// which answers `400` and closes. It also tells the watch when request bytes arrive, which the
/// parser does not (it speaks only once a whole head is in).
final class ChunkSizeGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var framing = RequestFraming()
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        context.fireUserInboundEventTriggered(ConnectionWatch.BytesArrived())
        if !framing.isOff {
            let buffer = unwrapInboundIn(data)
            if let refusal = buffer.withUnsafeReadableBytes({ framing.consume($0) }) {
                refused = true
                context.fireErrorCaught(refusal)
                return
            }
        }
        context.fireChannelRead(data)
    }
}
