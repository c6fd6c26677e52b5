#pragma once
// Optional MPI for `cevas scan` (CMake option CEVAS_MPI; the macro CEVAS_HAVE_MPI guards every
// MPI call, in distributed.cpp only). Without MPI, or when not launched by mpirun, this is one
// rank of one.
#include <cstddef>

namespace cevas::cli {

class Distributed {
 public:
    /// Initialise MPI when compiled with it and launched by mpirun/mpiexec (the launcher's
    /// environment: OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK); otherwise a single rank.
    Distributed();
    ~Distributed();
    Distributed(const Distributed&) = delete;
    Distributed& operator=(const Distributed&) = delete;
    int rank() const { return rank_; }
    int size() const { return size_; }
    /// Element-wise sum of `data` over the ranks, into rank 0's buffer (others unchanged).
    /// Each value is non-zero on exactly one rank, so the sum is that value, bit for bit.
    void reduce_to_root(double* data, std::size_t n) const;
    /// True on every rank iff `ok` on every rank.
    bool all(bool ok) const;

 private:
    int rank_ = 0, size_ = 1;
    bool active_ = false;
};

}  // namespace cevas::cli
