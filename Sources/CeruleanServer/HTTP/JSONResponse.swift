import CeruleanJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds Hummingbird responses from status, headers and JSON.
enum JSONResponse {
    static let contentType = "application/json; charset=utf-8"

    static func make(status: Int, headers: [(String, String)] = [], body: JSON?) -> Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        guard let body else {
            return Response(status: HTTPResponse.Status(code: status), headers: fields)
        }
        fields[.contentType] = contentType
        let data = body.serialized()
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
