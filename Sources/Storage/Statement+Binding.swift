import CSQLite

extension Statement {
    /// Binds arguments after checking that they match the parameters exactly.
    ///
    /// Positional values go to parameters 1, 2, …; their count must equal `parameterCount`. Named values must
    /// cover every parameter, and every key must name one (with or without its `:`, `@` or `$` prefix).
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` on a mismatch. The message names parameters and counts,
    ///   never values.
    public func bind(_ arguments: StatementArguments) throws {
        let count = Int(sqlite3_bind_parameter_count(handle))
        if !arguments.named.isEmpty {
            guard arguments.positional.isEmpty else {
                throw SQLiteError.range("mixing positional and named arguments is not supported", sql: sql)
            }
            try bindNamed(arguments.named, parameterCount: count)
            return
        }
        guard arguments.positional.count == count else {
            throw SQLiteError.range("expected \(count) arguments, got \(arguments.positional.count)", sql: sql)
        }
        for (offset, value) in arguments.positional.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    private func bindNamed(_ named: [String: SQLiteValue], parameterCount: Int) throws {
        var usedKeys = Set<String>()
        for index in stride(from: 1, through: parameterCount, by: 1) {
            guard let cName = sqlite3_bind_parameter_name(handle, Int32(index)) else {
                throw SQLiteError.range("parameter \(index) is positional; pass positional arguments", sql: sql)
            }
            let name = String(cString: cName)
            let key = named[name] != nil ? name : String(name.dropFirst())
            guard let value = named[key] else {
                throw SQLiteError.range("no value for parameter \(name)", sql: sql)
            }
            usedKeys.insert(key)
            try bind(value, at: index)
        }
        guard usedKeys.count == named.count else {
            let unknown = named.keys.filter { !usedKeys.contains($0) }.sorted()
            throw SQLiteError.range("no parameter for \(unknown.joined(separator: ", "))", sql: sql)
        }
    }

    /// Binds one value to the parameter at `index` (1-based, as in SQLite).
    /// - Throws: `SQLiteError` (`SQLITE_RANGE` for a bad index, `SQLITE_TOOBIG`, …).
    public func bind(_ value: SQLiteValue, at index: Int) throws {
        let position = Int32(index)
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, position)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, position, integer)
        case .double(let double):
            code = sqlite3_bind_double(handle, position, double)
        case .text(var text):
            code = text.withUTF8 { utf8 in
                // An empty buffer may have a nil base address, which SQLite would bind as NULL.
                guard let base = utf8.baseAddress, utf8.count > 0 else {
                    return sqlite3_bind_text(handle, position, "", 0, nil)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text64(
                        handle,
                        position,
                        $0,
                        sqlite3_uint64(utf8.count),
                        charter_sqlite_transient(),
                        UInt8(SQLITE_UTF8)
                    )
                }
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, raw.count > 0 else {
                    return sqlite3_bind_zeroblob(handle, position, 0)
                }
                return sqlite3_bind_blob64(
                    handle,
                    position,
                    base,
                    sqlite3_uint64(raw.count),
                    charter_sqlite_transient()
                )
            }
        }
        guard code == SQLITE_OK else {
            throw SQLiteError(handle: sqlite3_db_handle(handle), resultCode: code, sql: sql)
        }
    }

    /// Binds one value to the parameter named `name` (with its prefix, e.g. `":id"`, or without).
    /// - Throws: `SQLiteError` with `SQLITE_RANGE` when the statement has no such parameter.
    public func bind(_ value: SQLiteValue, named name: String) throws {
        let candidates = name.first.map { ":@$".contains($0) } == true ? [name] : [":" + name, "@" + name, "$" + name]
        for candidate in candidates {
            let index = sqlite3_bind_parameter_index(handle, candidate)
            if index > 0 { return try bind(value, at: Int(index)) }
        }
        throw SQLiteError.range("no parameter named \(name)", sql: sql)
    }
}
