import Hummingbird
import NIOCore

/// Hummingbird's basic context plus the connection's channel, so a `dropConnection` fault can
/// close it without an answer.
struct CeruleanRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
