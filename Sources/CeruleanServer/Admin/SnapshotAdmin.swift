import ARM
import Billing
import CeruleanJSON
import Foundation
import Hummingbird
import Store

/// `POST /_cerulean/snapshots/{name}` saves the whole state (SQLite online backup) into the data
/// folder's `snapshots/`; `POST .../{name}/restore` puts it back; `GET /_cerulean/snapshots` lists them.
struct SnapshotAdmin {
    let store: Store
    let directory: URL
    /// A snapshot holds the usage recorded before it; a restore forgets what is still in memory.
    let meter: UsageMeter

    func path(_ name: String) throws -> URL {
        guard name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
            throw ARMError.invalidParameter("Snapshot names are 1 to 64 letters, digits, '-' or '_'.", target: "name")
        }
        return directory.appendingPathComponent("\(name).sqlite")
    }

    func save(_ name: String) async throws -> Response {
        let file = try path(name)
        try await meter.flush()
        try PrivateFiles.prepareFolder(directory)
        try? FileManager.default.removeItem(at: file)
        try store.backup(to: file.path)
        return JSONResponse.make(status: 201, body: try describe(name, file))
    }

    func restore(_ name: String) async throws -> Response {
        let file = try path(name)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ARMError(status: 404, code: "SnapshotNotFound", message: "There is no snapshot named '\(name)'.")
        }
        try store.restore(from: file.path)
        meter.discardPending()
        return JSONResponse.make(status: 200, body: ["restored": .string(name)])
    }

    func list() throws -> Response {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        let items = try files.filter { $0.pathExtension == "sqlite" }.sorted { $0.path < $1.path }
            .map { try describe($0.deletingPathExtension().lastPathComponent, $0) }
        return JSONResponse.make(status: 200, body: ["value": .array(items)])
    }

    private func describe(_ name: String, _ file: URL) throws -> JSON {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        return [
            "name": .string(name), "bytes": JSON((attributes[.size] as? Int) ?? 0),
            "created": .string(ARMTime.string((attributes[.modificationDate] as? Date) ?? Date())),
        ]
    }
}
