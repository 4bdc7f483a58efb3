import BundledFixtures
import Foundation
import Testing

/// The binary must carry every file of `Fixtures/`, byte for byte, and never need the checkout.
@Suite struct FixtureFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The files of the checkout's `Fixtures/` folder, as the plugin should have found them.
    static func checkoutFiles() throws -> [String] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.split(separator: "/").contains { $0.hasPrefix(".") }
                && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    @Test func everyFileOfTheFolderIsEmbeddedUnchanged() throws {
        let files = try Self.checkoutFiles()
        #expect(files.contains("catalog.json") && files.contains("templates/004-serverless-endpoint.json"))
        #expect(FixtureFiles.names == files)
        for name in files {
            let embedded = try FixtureFiles.data(name, environment: [:])
            #expect(embedded == (try Data(contentsOf: Self.folder.appendingPathComponent(name))), "\(name)")
        }
    }

    @Test func aFolderNamedByTheEnvironmentReplacesSingleFiles() throws {
        let override = FileManager.default.temporaryDirectory.appendingPathComponent("fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: override, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: override) }
        try Data("{\"models\":[]}".utf8).write(to: override.appendingPathComponent("catalog.json"))
        let environment = ["CERULEAN_FIXTURES": override.path]
        #expect(try FixtureFiles.data("catalog.json", environment: environment) == Data("{\"models\":[]}".utf8))
        // A file the folder lacks still comes from the binary.
        #expect(try FixtureFiles.data("seed.schema.json", environment: environment)
            == (try Data(contentsOf: Self.folder.appendingPathComponent("seed.schema.json"))))
    }

    @Test func anUnknownNameSaysWhatIsEmbedded() throws {
        let error = try #require(throws: FixtureFiles.NotFound.self) { try FixtureFiles.data("nope.json", environment: [:]) }
        #expect(error.description.contains("nope.json") && error.description.contains("catalog.json"))
    }
}
