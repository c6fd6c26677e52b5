// MPI glue of `cevas scan` (see distributed.hpp).
#include "distributed.hpp"

#include <cstdlib>
#include <vector>

#ifdef CEVAS_HAVE_MPI
#include <mpi.h>
#endif

namespace cevas::cli {

Distributed::Distributed() {
#ifdef CEVAS_HAVE_MPI
    const bool launched =
        std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
    if (!launched) return;
    int inited = 0;
    MPI_Initialized(&inited);
    if (!inited) MPI_Init(nullptr, nullptr);
    active_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

Distributed::~Distributed() {
#ifdef CEVAS_HAVE_MPI
    if (active_) MPI_Finalize();
#endif
}

void Distributed::reduce_to_root(double* data, std::size_t n) const {
#ifdef CEVAS_HAVE_MPI
    if (!active_ || size_ == 1) return;
    constexpr std::size_t kChunk = 1 << 24;  // MPI counts are int
    for (std::size_t off = 0; off < n; off += kChunk) {
        const int count = static_cast<int>(n - off < kChunk ? n - off : kChunk);
        if (rank_ == 0)
            MPI_Reduce(MPI_IN_PLACE, data + off, count, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(data + off, nullptr, count, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    }
#else
    (void)data;
    (void)n;
#endif
}

bool Distributed::all(bool ok) const {
#ifdef CEVAS_HAVE_MPI
    if (!active_ || size_ == 1) return ok;
    int in = ok ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return out == 1;
#else
    return ok;
#endif
}

}  // namespace cevas::cli
