import Foundation

/// The real `cerulean` binary in a child process, for tests that kill it.
public final class ChildServer: @unchecked Sendable {
    public let process: Process
    public let url: String
    public let dataDirectory: URL
    private let output: Pipe

    /// `.build/debug/cerulean` next to the package (built by `Scripts/test` before the tests),
    /// or `CERULEAN_BINARY`.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CERULEAN_BINARY"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/cerulean")
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(dataDirectory: URL, arguments: [String] = []) throws {
        self.dataDirectory = dataDirectory
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw StartFailure(description: "No cerulean binary at \(Self.binary.path): run `swift build` first (Scripts/test does).")
        }
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDirectory.path, "--log-level", "error"] + arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The banner's "Listening on URL" line says the socket is bound.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("Listening on ") }) {
                url = String(line.split(separator: " ").last!)
                return
            }
        }
        process.terminate()
        throw StartFailure(description: "cerulean did not report its URL; it printed: \(text)")
    }

    public func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}
