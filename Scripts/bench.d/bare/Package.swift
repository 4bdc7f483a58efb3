// swift-tools-version: 6.0
// The yardstick for Scripts/bench: a bare Hummingbird POST route that decodes a chat request and
// encodes a chat answer of the same shape, with nothing else on the path. Built in a scratch folder.
import PackageDescription

let package = Package(
    name: "BareRoute",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
    ],
    targets: [
        .executableTarget(name: "BareRoute", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
    ]
)
