import Foundation

// Build tool of the EmbedFixtures plugin: `embed-fixtures OUTPUT FOLDER NAME...` writes a Swift
// file holding each named file of FOLDER as a base64 string (string literals compile fast;
// array literals of bytes do not).
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: embed-fixtures OUTPUT FOLDER [NAME...]\n".utf8))
    exit(2)
}
let output = URL(fileURLWithPath: arguments[1])
let folder = URL(fileURLWithPath: arguments[2])
var entries: [String] = []
for name in arguments.dropFirst(3) {
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    let key = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    entries.append("        \"\(key)\": \"\(data.base64EncodedString())\",")
}
let source = """
    // Generated at build time by the EmbedFixtures plugin from Fixtures/: do not edit.
    enum EmbeddedFixtures {
        static let base64: [String: String] = [
    \(entries.isEmpty ? "        :" : entries.joined(separator: "\n"))
        ]
    }

    """
let bytes = Data(source.utf8)
// Rewrite only when different, so an unchanged folder does not recompile the module.
if (try? Data(contentsOf: output)) != bytes {
    try bytes.write(to: output, options: .atomic)
}
