import Foundation
import PackagePlugin

/// Embeds every file of a folder in the target it is applied to, so the binary carries its
/// catalog, schemas, templates and portal pages wherever it is copied: the package's `Fixtures/`
/// for `BundledFixtures`, `Sources/{target}/Site/` for any other target (the portal).
/// SwiftPM asks the plugin for its command on every build, so a file added to the folder is
/// picked up without any change here.
@main
struct EmbedFixtures: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = target.name == "BundledFixtures"
            ? context.package.directoryURL.appending(path: "Fixtures")
            : context.package.directoryURL.appending(path: "Sources/\(target.name)/Site")
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
                displayName: "Embedding \(names.count) files of \(folder.lastPathComponent)/",
                executable: try context.tool(named: "embed-fixtures").url,
                arguments: [output.path, folder.path] + names,
                inputFiles: names.map { folder.appending(path: $0) },
                outputFiles: [output]),
        ]
    }
}
