import CeruleanJSON
import Foundation

/// Cuts lists into pages. `nextLink` is absolute and carries an opaque `$skipToken`;
/// every other query parameter of the request (api-version, $filter, ...) is kept.
struct Pager {
    let pageSize: Int

    func page(_ items: [JSON], request: ARMRequest) throws -> JSON {
        let size = max(1, min(pageSize, Int(request.queryValue("$top") ?? "") ?? pageSize))
        var offset = 0
        if let token = request.queryValue("$skipToken") ?? request.queryValue("$skip") {
            guard let decoded = Pager.decode(token) else {
                throw ARMError.invalidParameter("The continuation token '\(token)' is not valid.", target: "$skipToken")
            }
            offset = decoded
        }
        let slice = items.dropFirst(offset).prefix(size)
        var body: JSONObject = ["value": .array(Array(slice))]
        if offset + slice.count < items.count {
            body["nextLink"] = .string(nextLink(request, offset: offset + slice.count))
        }
        return .object(body)
    }

    private func nextLink(_ request: ARMRequest, offset: Int) -> String {
        var items = request.query.filter { !["$skiptoken", "$skip"].contains($0.0.lowercased()) }
        items.append(("$skipToken", Pager.encode(offset)))
        let query = items.map { "\(Pager.escape($0.0))=\(Pager.escape($0.1))" }.joined(separator: "&")
        return "\(request.baseURL)\(request.path)?\(query)"
    }

    static func encode(_ offset: Int) -> String { Base64URL.encode(Data("cerulean:\(offset)".utf8)) }

    static func decode(_ token: String) -> Int? {
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cerulean:"), let n = Int(text.dropFirst("cerulean:".count)), n >= 0
        else { return nil }
        return n
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
