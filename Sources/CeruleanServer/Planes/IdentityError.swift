import CeruleanJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A refused identity request, rendered in the shape of the endpoint that refuses it: each one
/// words its errors differently, and clients read only their own endpoint's shape (MSAL reads App
/// Service's `statusCode` and `message`; with an OAuth body it prints "None, None").
struct IdentityError: Error {
    enum Shape {
        /// Entra's token endpoints: `{error, error_description, error_codes, timestamp, trace_id,
        /// correlation_id}` (v2 adds `error_uri`), the description starting with its AADSTS code.
        case entra(v2: Bool)
        /// The instance metadata service: `{error, error_description}`.
        case imds
        /// App Service (`IDENTITY_ENDPOINT` with `X-IDENTITY-HEADER`): `{statusCode, message}`.
        case appService
        /// Azure Machine Learning compute (`MSI_ENDPOINT` with `secret`): a line of plain text.
        case azureML
    }

    let status: Int
    /// The OAuth error code (`invalid_request`, `invalid_client`, ...), for the shapes that carry one.
    let code: String
    let message: String
    /// Entra's AADSTS number, put in front of the message and in `error_codes`.
    var aadsts: Int?

    func response(_ shape: Shape, now: Date) -> Response {
        switch shape {
        case .entra(let v2):
            let trace = UUID().uuidString.lowercased()
            let correlation = UUID().uuidString.lowercased()
            let stamp = Self.entraTimestamp(now)
            let prefix = aadsts.map { "AADSTS\($0): " } ?? ""
            var body: JSONObject = [
                "error": .string(code),
                "error_description": .string("\(prefix)\(message)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(correlation)\r\nTimestamp: \(stamp)"),
                "error_codes": .array(aadsts.map { [JSON($0)] } ?? []),
                "timestamp": .string(stamp),
                "trace_id": .string(trace),
                "correlation_id": .string(correlation),
            ]
            if v2, let aadsts { body["error_uri"] = .string("https://login.microsoftonline.com/error?code=\(aadsts)") }
            return JSONResponse.make(status: status, body: .object(body))
        case .imds:
            return JSONResponse.make(status: status, body: ["error": .string(code), "error_description": .string(message)])
        case .appService:
            return JSONResponse.make(status: status, body: ["statusCode": JSON(status), "message": .string(message)])
        case .azureML:
            var fields = HTTPFields()
            fields[.contentType] = "text/plain; charset=utf-8"
            return Response(status: HTTPResponse.Status(code: status), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
        }
    }

    /// Entra's `2024-05-06 12:34:56Z`.
    static func entraTimestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.string(from: date)
    }
}
