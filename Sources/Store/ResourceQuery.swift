import Foundation
import GRDB

/// One page of a resource list, asked of SQLite: a scope the indexes serve, optional conditions
/// (alternatives of conjunctions, as `$filter` has them), the position after which the page
/// starts, and a size. Rows come in creation order (`created_at`, then `key`), so a position
/// stays valid across writes: rows inserted or deleted elsewhere neither repeat nor skip others.
public struct ResourceQuery: Sendable {
    public enum Scope: Sendable {
        /// Direct children of one parent, of one type.
        case children(parentKey: String, typeKey: String)
        /// One type across a subscription, optionally in one resource group.
        case type(subscriptionKey: String, typeKey: String, resourceGroupKey: String?)
        /// Everything in a subscription, optionally in one resource group.
        case subscription(subscriptionKey: String, resourceGroupKey: String?)
    }

    /// The columns a condition compares (case-insensitively).
    public enum Field: Sendable {
        case typeKey, name, location, resourceGroup

        var column: String {
            switch self {
            case .typeKey: "type_key"
            case .name: "name"
            case .location: "location"
            case .resourceGroup: "resource_group_key"
            }
        }
    }

    public enum Condition: Sendable {
        case equals(Field, String)
        case contains(Field, String)
        /// A tag with this name, optionally with this value.
        case tag(name: String, value: String?)
        case tagNamePrefix(String)
        /// A string member of the JSON body (an SQLite JSON path such as `$.properties.provisioningState`).
        case bodyText(path: String, equals: String)
    }

    public var scope: Scope
    public var excludedTypeKeys: [String] = []
    /// Alternatives (OR) of conjunctions (AND); empty means every row of the scope.
    public var alternatives: [[Condition]] = []
    public var after: PagePosition?
    public var limit: Int

    public init(scope: Scope, excludedTypeKeys: [String] = [], alternatives: [[Condition]] = [],
                after: PagePosition? = nil, limit: Int) {
        self.scope = scope
        self.excludedTypeKeys = excludedTypeKeys
        self.alternatives = alternatives
        self.after = after
        self.limit = limit
    }

    /// The SQL `WHERE` clause and its arguments.
    func whereClause() -> (String, [any DatabaseValueConvertible & Sendable]) {
        var parts: [String] = []
        var args: [any DatabaseValueConvertible & Sendable] = []
        switch scope {
        case .children(let parent, let type):
            parts.append("parent_key = ? AND type_key = ?")
            args += [parent, type]
        case .type(let sub, let type, let group):
            parts.append("subscription_key = ? AND type_key = ?")
            args += [sub, type]
            if let group { parts.append("resource_group_key = ?"); args.append(group) }
        case .subscription(let sub, let group):
            parts.append("subscription_key = ?")
            args.append(sub)
            if let group { parts.append("resource_group_key = ?"); args.append(group) }
        }
        if !excludedTypeKeys.isEmpty {
            parts.append("type_key NOT IN (\(excludedTypeKeys.map { _ in "?" }.joined(separator: ", ")))")
            args += excludedTypeKeys
        }
        if !alternatives.isEmpty {
            var ors: [String] = []
            for conjunction in alternatives {
                var ands: [String] = []
                for condition in conjunction {
                    let (sql, values) = Self.sql(condition)
                    ands.append(sql)
                    args += values
                }
                ors.append(ands.isEmpty ? "1" : "(" + ands.joined(separator: " AND ") + ")")
            }
            parts.append("(" + ors.joined(separator: " OR ") + ")")
        }
        if let after {
            parts.append("(created_at, key) > (?, ?)")
            args += [after.createdAt, after.key]
        }
        return (parts.joined(separator: " AND "), args)
    }

    private static func sql(_ condition: Condition) -> (String, [any DatabaseValueConvertible & Sendable]) {
        switch condition {
        case .equals(let field, let value):
            return ("\(field.column) = ? COLLATE NOCASE", [value])
        case .contains(let field, let value):
            return ("instr(lower(\(field.column)), lower(?)) > 0", [value])
        case .tag(let name, nil):
            return ("EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_key = resources.key AND t.name = ?)", [name])
        case .tag(let name, let value?):
            return ("EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_key = resources.key AND t.name = ? AND t.value = ?)",
                    [name, value])
        case .tagNamePrefix(let prefix):
            // LIKE is case-insensitive for ASCII; escape its wildcards in the prefix.
            let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return ("EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_key = resources.key AND t.name LIKE ? ESCAPE '\\')",
                    [escaped + "%"])
        case .bodyText(let path, let value):
            return ("lower(json_extract(body, ?)) = lower(?)", [path, value])
        }
    }
}

/// Where a page ends: the creation time and key of its last row.
public struct PagePosition: Sendable, Equatable {
    public var createdAt: Double
    public var key: String

    public init(createdAt: Double, key: String) {
        self.createdAt = createdAt
        self.key = key
    }

}

/// A page of rows and, when more follow, the position the next page starts after.
public struct ResourcePage: Sendable {
    public var rows: [ResourceRow]
    public var next: PagePosition?
}
