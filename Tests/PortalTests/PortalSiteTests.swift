import Foundation
import Portal
import Testing

/// The portal's files: all of `Sources/Portal/Site/` embedded unchanged, served with the right
/// types, nothing loaded from elsewhere, no markup built from strings.
@Suite struct PortalSiteTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Portal/Site")

    static func checkoutFiles() throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.split(separator: "/").contains { $0.hasPrefix(".") }
                && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try #require(PortalSite.file(name, environment: [:])).data, as: UTF8.self)
    }

    @Test func everyFileOfTheSiteIsEmbeddedUnchanged() throws {
        let files = try Self.checkoutFiles()
        #expect(files.contains("index.html") && files.contains("app.js") && files.contains("portal.css"))
        #expect(PortalSite.names == files)
        for name in files {
            #expect(PortalSite.file(name, environment: [:])?.data == (try Data(contentsOf: Self.folder.appendingPathComponent(name))), "\(name)")
        }
    }

    @Test func filesAreServedWithTheirTypes() throws {
        #expect(PortalSite.file("index.html", environment: [:])?.contentType == "text/html; charset=utf-8")
        #expect(PortalSite.file("portal.css", environment: [:])?.contentType == "text/css; charset=utf-8")
        #expect(PortalSite.file("app.js", environment: [:])?.contentType == "text/javascript; charset=utf-8")
        #expect(PortalSite.file("favicon.svg", environment: [:])?.contentType == "image/svg+xml")
        #expect(PortalSite.contentType(of: "notes.bin") == "application/octet-stream")
    }

    @Test func namesThatLeaveTheFolderAreNeverFound() throws {
        for name in ["", "/index.html", "../Package.swift", "lib/../index.html", "./index.html", "lib//dom.js", ".hidden", "lib\\dom.js", "nothing.js"] {
            #expect(PortalSite.file(name, environment: [:]) == nil, "\(name)")
        }
        // Not even from a development folder.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("site"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("secret".utf8).write(to: folder.appendingPathComponent("secret.txt"))
        try Data("<p>dev</p>".utf8).write(to: folder.appendingPathComponent("site/index.html"))
        let environment = ["CERULEAN_PORTAL_DIR": folder.appendingPathComponent("site").path]
        #expect(PortalSite.file("index.html", environment: environment)?.data == Data("<p>dev</p>".utf8))
        #expect(PortalSite.file("../secret.txt", environment: environment) == nil)
    }

    /// Every page-local reference (`src`, `href`, `import ... from`) names a file of the site, and
    /// none points elsewhere: the portal works offline.
    @Test func everyReferenceIsLocalAndExists() throws {
        let files = Set(try Self.checkoutFiles())
        var checked = 0
        for name in files where name.hasSuffix(".html") || name.hasSuffix(".js") || name.hasSuffix(".css") {
            let text = try Self.text(name)
            let patterns = name.hasSuffix(".css")
                ? [#"url\(([^)]+)\)"#]
                : [##"(?:src|href)="([^"#][^"]*)""##, #"from "([^"]+)""#, #"import\("([^"]+)"\)"#]
            for pattern in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let reference = String(text[Range(match.range(at: 1), in: text)!])
                    #expect(!reference.contains("//"), "\(name) loads \(reference) from elsewhere")
                    let resolved: String
                    if reference.hasPrefix("/portal/") {
                        resolved = String(reference.dropFirst("/portal/".count))
                    } else {
                        let base = URL(fileURLWithPath: "/" + name).deletingLastPathComponent()
                        resolved = String(URL(fileURLWithPath: reference, relativeTo: base).standardizedFileURL.path.dropFirst())
                    }
                    #expect(files.contains(resolved), "\(name) refers to \(reference), which the site does not have")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }

    /// Values reach the page as text nodes: no script builds markup from strings.
    @Test func noScriptBuildsMarkupFromStrings() throws {
        for name in try Self.checkoutFiles() where name.hasSuffix(".js") {
            let text = try Self.text(name)
            for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(forbidden), "\(name) uses \(forbidden)")
            }
        }
    }
}
