import Foundation
import PackagePlugin

/// Embeds every file under the package's `Fixtures/` folder in the target it is applied to, so
/// the binary carries its catalog, schemas and templates wherever it is copied. SwiftPM asks the
/// plugin for its command on every build, so a file added to `Fixtures/` is picked up without
/// any change here.
@main
struct EmbedFixtures: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Fixtures")
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                let path = folder.appending(path: name).path
                return !name.split(separator: "/").contains { $0.hasPrefix(".") }
                    && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFixtures.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) files of Fixtures/",
                executable: try context.tool(named: "embed-fixtures").url,
                arguments: [output.path, folder.path] + names,
                inputFiles: names.map { folder.appending(path: $0) },
                outputFiles: [output]),
        ]
    }
}
