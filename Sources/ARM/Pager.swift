import CeruleanJSON
import Foundation
import Store

/// Cuts lists into pages. `nextLink` is absolute and carries an opaque `$skipToken`; every
/// other query parameter of the request (api-version, $filter, ...) is kept. Resource lists
/// page in the store by position (`keysetToken`): the token names the last row of the page, so
/// it stays valid across writes. Short lists held in memory (subscriptions, providers, a
/// deployment's operations) page by offset.
struct Pager {
    let pageSize: Int

    /// The page size the request asks for: `$top`, at most the engine's page size.
    func size(_ request: ARMRequest) -> Int {
        max(1, min(pageSize, Int(request.queryValue("$top") ?? "") ?? pageSize))
    }

    // MARK: Store lists

    /// Where the requested page starts, from its `$skipToken`.
    func position(_ request: ARMRequest) throws -> PagePosition? {
        guard let token = request.queryValue("$skipToken") ?? request.queryValue("$skip") else { return nil }
        guard let position = Pager.decodePosition(token) else { throw Pager.invalidToken(token) }
        return position
    }

    /// A list answer: the page's items and, when more follow, a `nextLink` to them.
    func answer(_ items: [JSON], next: PagePosition?, request: ARMRequest) -> JSON {
        var body: JSONObject = ["value": .array(items)]
        if let next { body["nextLink"] = .string(nextLink(request, token: Pager.encode(next))) }
        return .object(body)
    }

    static func encode(_ position: PagePosition) -> String {
        Base64URL.encode(Data("cerulean:k:\(String(position.createdAt.bitPattern, radix: 16)):\(position.key)".utf8))
    }

    static func decodePosition(_ token: String) -> PagePosition? {
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cerulean:k:")
        else { return nil }
        let rest = text.dropFirst("cerulean:k:".count)
        guard let colon = rest.firstIndex(of: ":"), let bits = UInt64(rest[..<colon], radix: 16) else { return nil }
        let time = Double(bitPattern: bits)
        guard time.isFinite else { return nil }
        return PagePosition(createdAt: time, key: String(rest[rest.index(after: colon)...]))
    }

    // MARK: Lists in memory

    func page(_ items: [JSON], request: ARMRequest) throws -> JSON {
        let size = size(request)
        var offset = 0
        if let token = request.queryValue("$skipToken") ?? request.queryValue("$skip") {
            guard let decoded = Pager.decode(token) else { throw Pager.invalidToken(token) }
            offset = decoded
        }
        let slice = items.dropFirst(offset).prefix(size)
        var body: JSONObject = ["value": .array(Array(slice))]
        if offset + slice.count < items.count {
            body["nextLink"] = .string(nextLink(request, token: Pager.encode(offset + slice.count)))
        }
        return .object(body)
    }

    static func encode(_ offset: Int) -> String { Base64URL.encode(Data("cerulean:\(offset)".utf8)) }

    static func decode(_ token: String) -> Int? {
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cerulean:"), let n = Int(text.dropFirst("cerulean:".count)), n >= 0
        else { return nil }
        return n
    }

    // MARK: Shared

    static func invalidToken(_ token: String) -> ARMError {
        ARMError.invalidParameter("The continuation token '\(token)' is not valid.", target: "$skipToken")
    }

    private func nextLink(_ request: ARMRequest, token: String) -> String {
        var items = request.query.filter { !["$skiptoken", "$skip"].contains($0.0.lowercased()) }
        items.append(("$skipToken", token))
        let query = items.map { "\(Pager.escape($0.0))=\(Pager.escape($0.1))" }.joined(separator: "&")
        return "\(request.baseURL)\(request.path)?\(query)"
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
