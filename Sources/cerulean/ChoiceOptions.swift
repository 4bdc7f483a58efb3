import ArgumentParser

/// The closed choices of `serve`; ArgumentParser refuses anything else and lists the values.
enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
enum ClockMode: String, ExpressibleByArgument, CaseIterable { case system, manual }
enum AuthMode: String, ExpressibleByArgument, CaseIterable { case lenient, strict }
