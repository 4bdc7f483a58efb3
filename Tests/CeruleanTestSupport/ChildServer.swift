import Foundation

/// The real `cerulean` binary in a child process, for tests that kill it.
public final class ChildServer: @unchecked Sendable {
    public let process: Process
    public let url: String
    public let dataDirectory: URL
    private let output: Pipe
    private let log: Pipe?

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

    /// `captureLog` keeps the server's standard error (at `logLevel`) for `collectedLog()`; the pipe is
    /// read only after exit, so keep such runs short (a full pipe would block the server).
    public init(dataDirectory: URL, arguments: [String] = [], logLevel: String = "error", captureLog: Bool = false) throws {
        self.dataDirectory = dataDirectory
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw StartFailure(description: "No cerulean binary at \(Self.binary.path): run `swift build` first (Scripts/test does).")
        }
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDirectory.path, "--log-level", logLevel] + arguments
        output = Pipe()
        process.standardOutput = output
        log = captureLog ? Pipe() : nil
        process.standardError = log ?? FileHandle.nullDevice
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

    /// What the server wrote to standard error; read it after the process has ended.
    public func collectedLog() -> String {
        log.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
    }

    public func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}
