# Helpers over the public C API declarations, usable from a project and in script mode (cmake -P).

# quiverdb_declared_functions(<out-var> <include-dir>): names of the functions the headers under
# <include-dir> declare with QUIVER_C_API (comments ignored).
function(quiverdb_declared_functions out_var include_dir)
    file(GLOB_RECURSE headers "${include_dir}/*.h")
    set(names "")
    foreach(header IN LISTS headers)
        file(READ "${header}" text)
        string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}")
        string(REGEX MATCHALL "QUIVER_C_API[^;{]*[ *](quiver_[A-Za-z0-9_]+)[ \t\n]*\\(" decls "${text}")
        foreach(decl IN LISTS decls)
            string(REGEX MATCH "(quiver_[A-Za-z0-9_]+)[ \t\n]*\\($" _ "${decl}")
            list(APPEND names "${CMAKE_MATCH_1}")
        endforeach()
    endforeach()
    list(REMOVE_DUPLICATES names)
    set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# quiverdb_called_functions(<out-var> <source>): the quiver_* functions a C source calls
# (identifiers followed by "(", comments and string literals ignored).
function(quiverdb_called_functions out_var source)
    file(READ "${source}" text)
    string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}")
    string(REGEX REPLACE "\"([^\"\\\\]|\\\\.)*\"" "\"\"" text "${text}")
    string(REGEX MATCHALL "quiver_[A-Za-z0-9_]+[ \t\n]*\\(" calls "${text}")
    set(names "")
    foreach(call IN LISTS calls)
        string(REGEX MATCH "quiver_[A-Za-z0-9_]+" name "${call}")
        list(APPEND names "${name}")
    endforeach()
    list(REMOVE_DUPLICATES names)
    set(${out_var} "${names}" PARENT_SCOPE)
endfunction()
