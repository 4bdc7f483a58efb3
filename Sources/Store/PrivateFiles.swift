import Foundation

/// Files that hold secrets (the database, which stores every endpoint and account key, with its
/// WAL and shared memory; snapshots; private keys) are readable by their owner only, and the
/// folders that hold them are the owner's only, whatever the umask. SQLite gives its `-wal`,
/// `-shm` and `-journal` files the database file's own mode, so a 0600 database keeps them 0600.
public enum PrivateFiles {
    public static let fileMode: Int16 = 0o600
    public static let folderMode: Int16 = 0o700

    /// Creates `url` (with its parents) if missing and makes it 0700.
    public static func prepareFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: folderMode], ofItemAtPath: url.path)
    }

    /// Before SQLite opens `path`: creates it empty with mode 0600 when missing, else makes it
    /// (and any `-wal`, `-shm`, `-journal` left beside it) 0600.
    public static func prepareDatabase(at path: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: fileMode]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] where manager.fileExists(atPath: file) {
            try manager.setAttributes([.posixPermissions: fileMode], ofItemAtPath: file)
        }
    }

    /// Writes `data` to `url` atomically; the file is 0600 before the first byte is written.
    public static func write(_ data: Data, to url: URL) throws {
        let draft = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: draft.path, contents: nil, attributes: [.posixPermissions: fileMode]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: draft.path])
        }
        do {
            // The umask may have narrowed the mode further; never wider than 0600.
            try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: draft.path)
            try data.write(to: draft)
            guard rename(draft.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        } catch {
            try? FileManager.default.removeItem(at: draft)
            throw error
        }
    }
}
