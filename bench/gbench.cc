// Google Benchmark behind the C interface of gbench.h. The opaque C handles
// are the C++ objects themselves: a gbench_state * is a benchmark::State *,
// a gbench_benchmark * a benchmark::internal::Benchmark *.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace
{

benchmark::State &S(gbench_state *st) { return *reinterpret_cast<benchmark::State *>(st); }
const benchmark::State &S(const gbench_state *st)
{
    return *reinterpret_cast<const benchmark::State *>(st);
}
benchmark::internal::Benchmark *B(gbench_benchmark *b)
{
    return reinterpret_cast<benchmark::internal::Benchmark *>(b);
}

char *copy_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p)
        std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

double counter_value(const benchmark::BenchmarkReporter::Run &run, const char *name)
{
    auto it = run.counters.find(name);
    return it == run.counters.end() ? 0.0 : it->second.value;
}

void free_strings(gbench_results *r)
{
    for (size_t i = 0; i < r->count; i++) {
        std::free(const_cast<char *>(r->runs[i].name));
        std::free(const_cast<char *>(r->runs[i].aggregate));
        std::free(const_cast<char *>(r->runs[i].error));
    }
}

// The display reporter: keeps every result for C, and prints Google
// Benchmark's own display (console, json or csv, as --benchmark_format
// says) when asked to, else on a terminal one progress line on stderr.
class Collector : public benchmark::BenchmarkReporter
{
  public:
    Collector(bool show, const char *format)
        : show_(show), progress_(!show && isatty(STDERR_FILENO))
    {
        if (std::strcmp(format, "json") == 0)
            display_.reset(new benchmark::JSONReporter);
        else if (std::strcmp(format, "csv") == 0) {
            // Deprecated upstream, but still what a Google Benchmark binary prints.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
            display_.reset(new benchmark::CSVReporter);
#pragma GCC diagnostic pop
        } else
            display_.reset(new benchmark::ConsoleReporter(
                isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                      : benchmark::ConsoleReporter::OO_Tabular));
    }

    bool ReportContext(const Context &context) override
    {
        return show_ ? display_->ReportContext(context) : true;
    }

    void ReportRuns(const std::vector<Run> &runs) override
    {
        if (show_)
            display_->ReportRuns(runs);
        for (const Run &run : runs) {
            gbench_result r{};
            r.name = copy_string(run.run_name.str());
            r.aggregate = copy_string(run.run_type == Run::RT_Aggregate ? run.aggregate_name : "");
            r.error = run.error_occurred ? copy_string(run.error_message) : nullptr;
            r.seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
            r.cpu_seconds =
                run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
            r.iterations = run.iterations;
            r.bytes_per_second = counter_value(run, "bytes_per_second");
            r.items_per_second = counter_value(run, "items_per_second");
            results_.push_back(r);
            if (progress_ && run.run_type == Run::RT_Iteration)
                std::fprintf(stderr, "\r\033[K%s", r.name);
        }
    }

    void Finalize() override
    {
        if (show_)
            display_->Finalize();
        if (progress_)
            std::fprintf(stderr, "\r\033[K");
    }

    std::vector<gbench_result> results_;

  private:
    bool show_;
    std::unique_ptr<benchmark::BenchmarkReporter> display_;
    bool progress_;
};

} // namespace

extern "C" {

gbench_benchmark *gbench_register(const char *name, gbench_fn fn, void *ctx)
{
    auto *b = benchmark::RegisterBenchmark(
        name, [fn, ctx](benchmark::State &st) { fn(reinterpret_cast<gbench_state *>(&st), ctx); });
    return reinterpret_cast<gbench_benchmark *>(b);
}

void gbench_arg(gbench_benchmark *b, int64_t value) { B(b)->Arg(value); }

void gbench_args(gbench_benchmark *b, const int64_t *values, size_t count)
{
    B(b)->Args(std::vector<int64_t>(values, values + count));
}

void gbench_range(gbench_benchmark *b, int64_t lo, int64_t hi) { B(b)->Range(lo, hi); }
void gbench_range_multiplier(gbench_benchmark *b, int multiplier)
{
    B(b)->RangeMultiplier(multiplier);
}
void gbench_min_time(gbench_benchmark *b, double seconds) { B(b)->MinTime(seconds); }
void gbench_repetitions(gbench_benchmark *b, int count) { B(b)->Repetitions(count); }
void gbench_report_aggregates_only(gbench_benchmark *b, int on)
{
    B(b)->ReportAggregatesOnly(on != 0);
}
void gbench_use_real_time(gbench_benchmark *b) { B(b)->UseRealTime(); }
void gbench_use_manual_time(gbench_benchmark *b) { B(b)->UseManualTime(); }

void gbench_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

int gbench_keep_running(gbench_state *st) { return S(st).KeepRunning(); }
int64_t gbench_get_arg(const gbench_state *st, size_t index)
{
    return S(st).range(static_cast<std::size_t>(index));
}
int64_t gbench_iterations(const gbench_state *st) { return S(st).iterations(); }
void gbench_set_iteration_time(gbench_state *st, double seconds)
{
    S(st).SetIterationTime(seconds);
}
double gbench_now(void)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
void gbench_pause(gbench_state *st) { S(st).PauseTiming(); }
void gbench_resume(gbench_state *st) { S(st).ResumeTiming(); }
void gbench_set_items_processed(gbench_state *st, int64_t items) { S(st).SetItemsProcessed(items); }
void gbench_set_bytes_processed(gbench_state *st, int64_t bytes) { S(st).SetBytesProcessed(bytes); }
void gbench_set_label(gbench_state *st, const char *label) { S(st).SetLabel(label); }
void gbench_skip_with_error(gbench_state *st, const char *message) { S(st).SkipWithError(message); }

void gbench_counter(gbench_state *st, const char *name, double value, int flags)
{
    int f = benchmark::Counter::kDefaults;
    if (flags & GBENCH_COUNTER_RATE)
        f |= benchmark::Counter::kIsRate;
    if (flags & GBENCH_COUNTER_PER_ITERATION)
        f |= benchmark::Counter::kIsIterationInvariant;
    if (flags & GBENCH_COUNTER_INVERT)
        f |= benchmark::Counter::kInvert;
    S(st).counters[name] = benchmark::Counter(value, static_cast<benchmark::Counter::Flags>(f));
}

double gbench_cycles_per_second(void) { return benchmark::CPUInfo::Get().cycles_per_second; }

int gbench_cache(size_t index, int *level, int64_t *bytes)
{
    size_t seen = 0;
    for (const auto &c : benchmark::CPUInfo::Get().caches) {
        if (c.type == "Instruction")
            continue;
        if (seen++ == index) {
            *level = c.level;
            *bytes = c.size;
            return 1;
        }
    }
    return 0;
}

int gbench_initialize(int *argc, char **argv)
{
    benchmark::Initialize(argc, argv);
    return *argc - 1;
}

size_t gbench_run(struct gbench_results *out, int show, const char *format)
{
    Collector collector(show != 0, format ? format : "console");
    size_t n = benchmark::RunSpecifiedBenchmarks(&collector);
    gbench_results all{collector.results_.data(), collector.results_.size()};
    gbench_results kept{nullptr, 0};
    if (out && all.count) {
        kept.runs = static_cast<gbench_result *>(std::malloc(sizeof(gbench_result) * all.count));
        if (kept.runs) {
            std::memcpy(kept.runs, all.runs, sizeof(gbench_result) * all.count);
            kept.count = all.count;
        }
    }
    if (!kept.runs)
        free_strings(&all);
    if (out)
        *out = kept;
    return n;
}

void gbench_results_free(struct gbench_results *r)
{
    free_strings(r);
    std::free(r->runs);
    r->runs = nullptr;
    r->count = 0;
}

void gbench_shutdown(void) { benchmark::Shutdown(); }

} // extern "C"
