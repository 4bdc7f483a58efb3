import Store
import Synchronization

/// A value built from the store and kept until the store's next write (its generation moves
/// after every commit): the data plane's directories answer steady-state requests from memory.
final class GenerationCache<Value: Sendable>: Sendable {
    private let cache = Mutex<(generation: Int, value: Value)?>(nil)

    /// The cached value, or a fresh one built in a read transaction when the store has changed.
    func value(_ store: Store, build: @escaping @Sendable (StoreTransaction, Int) throws -> Value) async throws -> Value {
        let generation = store.generation
        if let current = cache.withLock({ $0 }), current.generation == generation { return current.value }
        let value = try await store.read { tx in try build(tx, generation) }
        cache.withLock { $0 = (generation, value) }
        return value
    }
}
