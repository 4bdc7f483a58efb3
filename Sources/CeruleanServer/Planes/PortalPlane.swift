import ARM
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Portal

/// The portal's pages for browsers: `GET /` (the single page) and `GET /portal/{file}` (its
/// stylesheet, scripts and images), from `PortalSite`. Checked after every other plane, so it
/// never shadows an API route. The page talks to Cerulean only through the public ARM, identity
/// and data-plane routes, from the same origin, so it needs no CORS allowance; its policy keeps
/// it from loading anything from elsewhere.
struct PortalPlane: Plane {
    let name = "portal"
    static let assetPrefix = "/portal/"
    static let securityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path == "/" || exchange.path == "/index.html" || exchange.path.hasPrefix(Self.assetPrefix)
    }

    func respond(to exchange: Exchange) async -> Response {
        guard exchange.method == "GET" || exchange.method == "HEAD" else {
            return JSONResponse.make(status: 405, headers: [("Allow", "GET, HEAD")],
                                     body: ARMError.methodNotAllowed(exchange.method).envelope)
        }
        guard let name = Self.fileName(exchange.path), let file = PortalSite.file(name) else {
            return JSONResponse.make(status: 404, body: ARMError(
                status: 404, code: "NotFound", message: "The portal has no file at '\(exchange.path)'.").envelope)
        }
        var fields = HTTPFields()
        fields[.contentType] = file.contentType
        fields[.cacheControl] = "no-cache"
        fields[HTTPField.Name("Content-Security-Policy")!] = Self.securityPolicy
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if exchange.method == "HEAD" {
            fields[.contentLength] = String(file.data.count)
            return Response(status: .ok, headers: fields)
        }
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    /// The file a path names: the page for `/`, a file below `/portal/` (percent-decoded).
    static func fileName(_ path: String) -> String? {
        switch path {
        case "/", "/index.html": return "index.html"
        default:
            let rest = String(path.dropFirst(assetPrefix.count))
            return rest.removingPercentEncoding
        }
    }
}
