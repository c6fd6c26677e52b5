#pragma once
// Minimal reader for the reference tables in tests/data: '#' lines are the provenance header,
// then a header row and comma-separated rows (no quoting is needed in these files).
#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cevas::test {

struct CsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::size_t col(const std::string& name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return i;
        throw std::runtime_error("no column " + name);
    }
    double number(std::size_t row, const std::string& name) const {
        return std::stod(rows.at(row).at(col(name)));
    }
};

inline std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(line);
    while (std::getline(in, item, sep)) out.push_back(item);
    if (!line.empty() && line.back() == sep) out.emplace_back();
    return out;
}

/// Read tests/data/<relative> (CEVAS_TEST_DATA_DIR).
inline CsvTable read_csv(const std::string& relative) {
    const std::string path = std::string(CEVAS_TEST_DATA_DIR) + "/" + relative;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    CsvTable t;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (t.columns.empty()) {
            t.columns = split(line, ',');
        } else {
            t.rows.push_back(split(line, ','));
            if (t.rows.back().size() != t.columns.size())
                throw std::runtime_error("bad row in " + path);
        }
    }
    return t;
}

}  // namespace cevas::test
