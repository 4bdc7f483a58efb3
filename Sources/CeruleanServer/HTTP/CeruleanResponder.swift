import ARM
import CeruleanJSON
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The single responder behind the listener: collects the body (413 past the limit), hands the
/// request to the first plane that owns it, stamps the headers every Azure answer carries and
/// writes the access log line.
struct CeruleanResponder: HTTPResponder {
    typealias Context = CeruleanRequestContext

    let planes: [any Plane]
    let configuration: ServerConfiguration
    let logger: Logger
    let journal: RequestJournal
    let metrics: Metrics
    let faults: FaultInjector
    let stamp = SecondStamp()

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = RandomID.uuid()
        let headers = Dictionary(
            request.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { first, _ in first })
        var response: Response
        var plane = "other"
        var dropped = false
        do {
            let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
            let exchange = Exchange(
                method: request.method.rawValue, path: request.uri.path, query: Exchange.parseQuery(request.uri.query),
                headers: headers, body: Data(buffer: buffer), baseURL: baseURL(request), host: hostName(request),
                requestID: requestID)
            if let owner = planes.first(where: { $0.owns(exchange) }) {
                plane = owner.name
                if let answer = await faults.answer(exchange, by: owner, channel: context.channel) {
                    response = answer
                } else {
                    dropped = true
                    response = Response(status: .internalServerError)  // never written: the connection is closed
                }
            } else {
                response = JSONResponse.make(status: 404, body: ARMError.pathNotFound(request.uri.path).envelope)
            }
        } catch is NIOTooManyBytesError {
            response = JSONResponse.make(status: 413, body: ARMError.payloadTooLarge(limitBytes: configuration.maxBodyBytes).envelope)
        }
        addStandardHeaders(&response, requestID: requestID, headers: headers)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // A dropped connection counts as status 0: nothing was answered.
        let status = dropped ? 0 : Int(response.status.code)
        metrics.request(plane: plane, status: status, seconds: ms / 1000)
        // The journal is about API calls: the admin API's own and the portal's page files stay out.
        if !request.uri.path.hasPrefix("/_cerulean/") && plane != "portal" {
            journal.record(.init(time: Date(), method: request.method.rawValue, path: request.uri.path,
                                 query: Redaction.query(request.uri.query), status: status, milliseconds: ms, requestID: requestID))
        }
        if logger.logLevel <= .info {
            logger.info(
                "\(request.method.rawValue) \(Redaction.target(path: request.uri.path, query: request.uri.query)) \(status)",
                metadata: ["request-id": .string(requestID), "ms": .string(String(format: "%.1f", ms))])
        }
        return response
    }

    private func addStandardHeaders(_ response: inout Response, requestID: String, headers: [String: String]) {
        response.headers[HTTPField.Name("x-ms-request-id")!] = requestID
        response.headers[HTTPField.Name("x-ms-correlation-request-id")!] =
            headers["x-ms-correlation-request-id"] ?? RandomID.uuid()
        if let clientID = headers["x-ms-client-request-id"] {
            response.headers[HTTPField.Name("x-ms-client-request-id")!] = clientID
        }
        response.headers[HTTPField.Name("x-ms-routing-request-id")!] = "LOCAL:\(self.stamp.now):\(requestID)"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    }

    private func baseURL(_ request: Request) -> String {
        if let publicURL = configuration.publicURL { return publicURL }
        let authority = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "\(configuration.scheme)://\(authority)"
    }

    private func hostName(_ request: Request) -> String? {
        guard let authority = request.head.authority?.lowercased() else { return nil }
        if authority.hasPrefix("[") { return String(authority.dropFirst().prefix { $0 != "]" }) }
        return String(authority.prefix { $0 != ":" })
    }
}
