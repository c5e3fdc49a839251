import Foundation
import Storage

extension AppConfiguration {
    /// Opens the configured database, creating its folder and the file when missing, without migrating.
    /// - Throws: `ConfigurationError` when the folder cannot be created, `SQLiteError` when SQLite cannot open it.
    public func openDatabase() throws -> DatabasePool {
        let folder = (databasePath as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ConfigurationError("database folder \(folder) cannot be created: \(error.localizedDescription)")
            }
        }
        var configuration = DatabasePool.Configuration()
        configuration.connection.durability = durableWrites ? .full : .normal
        return try DatabasePool(path: databasePath, configuration: configuration)
    }
}
