import Foundation

/// The portal's static files: every file of `Sources/Portal/Site/` (HTML, CSS, JavaScript),
/// embedded in the binary at build time by the `EmbedFixtures` plugin, so a copied binary serves
/// them with no checkout beside it. A folder named by `CERULEAN_PORTAL_DIR` is served instead,
/// file by file, for working on the pages without a rebuild.
public enum PortalSite {
    public struct File: Sendable, Equatable {
        public let data: Data
        public let contentType: String
    }

    /// Every embedded file, by its path relative to `Site/` (`index.html`, `pages/catalog.js`).
    public static var names: [String] { embedded.keys.sorted() }

    /// The file at `name` (relative to `Site/`), or `nil`. Names with empty, `.` or `..`
    /// segments, or hidden files, are never found.
    public static func file(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> File? {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") }) else {
            return nil
        }
        let data: Data?
        if let folder = environment["CERULEAN_PORTAL_DIR"], !folder.isEmpty {
            data = try? Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        } else {
            data = embedded[name]
        }
        return data.map { File(data: $0, contentType: contentType(of: name)) }
    }

    /// The `Content-Type` a file is served with, from its extension.
    public static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    private static let embedded: [String: Data] = EmbeddedFixtures.base64.compactMapValues { Data(base64Encoded: $0) }
}
