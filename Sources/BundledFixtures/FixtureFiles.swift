import Foundation

/// Where the server's data files come from: the files of the repository's `Fixtures/` folder
/// (model catalog, seed schema, admin OpenAPI document, templates, and whatever is added there),
/// embedded in the binary at build time by the `EmbedFixtures` plugin, so a copied binary needs
/// no checkout. A folder named by `CERULEAN_FIXTURES` may replace single files (same relative
/// name); files it lacks still come from the binary.
public enum FixtureFiles {
    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every embedded file, by its path relative to `Fixtures/` (`templates/004-serverless-endpoint.json`).
    public static var names: [String] { embedded.keys.sorted() }

    /// The bytes of one file, `name` relative to `Fixtures/`.
    public static func data(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Data {
        if let folder = environment["CERULEAN_FIXTURES"], !folder.isEmpty,
           let data = try? Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name)) {
            return data
        }
        guard let data = embedded[name] else {
            throw NotFound(description: "No fixture '\(name)' in this binary (it embeds \(names.joined(separator: ", "))).")
        }
        return data
    }

    private static let embedded: [String: Data] = EmbeddedFixtures.base64.compactMapValues { Data(base64Encoded: $0) }
}
