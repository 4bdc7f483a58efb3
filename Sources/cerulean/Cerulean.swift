import ArgumentParser

@main
struct Cerulean: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cerulean",
        abstract: "An offline emulator of Azure's AI deployment APIs (ARM control plane and model inference).",
        version: "0.1.0",
        subcommands: [Serve.self, Env.self, Reset.self, AzSetup.self],
        defaultSubcommand: Serve.self)
}
