# Golden values for the statistics core, computed independently with R's survey package.
#
# Regenerate (from the repository root; R is needed only here, never by the test suite):
#
#   apt-get update && apt-get install -y r-base-core r-cran-survey   # R 4.2, survey 4.1.1
#   python tools/r-golden/make_synthetic.py    # writes the synthetic CSVs (fixed seed)
#   Rscript tools/r-golden/make_golden.R       # writes r_estimates.csv and r_weights.csv
#
# Inputs and outputs live in ervaring/stats/tests/golden/. The tests in
# ervaring/stats/tests/test_stats_golden.py compare the engine with these files to 1e-9.
# Values are written with 17 significant digits. Nothing here is copied from the Python
# engine: designs, domains, intervals and weights are R survey's own
# (svydesign with strata and fpc, subset for "weet niet"/"n.v.t.", svymean, svyciprop,
# svyby + svycontrast, postStratify, rake, trimWeights); only Kish's design effect,
# which survey has no function for, is the plain formula.

suppressPackageStartupMessages(library(survey))

golden <- file.path("ervaring", "stats", "tests", "golden")
if (!dir.exists(golden)) stop("run from the repository root")

d <- read.csv(file.path(golden, "survey.csv"), na.strings = "", stringsAsFactors = FALSE)
d$team[is.na(d$team)] <- "onbekend"
strata <- read.csv(file.path(golden, "strata.csv"), stringsAsFactors = FALSE)
d$N <- strata$N[match(d$stratum, strata$stratum)]
margins <- read.csv(file.path(golden, "margins.csv"), stringsAsFactors = FALSE)
cells <- read.csv(file.path(golden, "cells.csv"), stringsAsFactors = FALSE)
srs <- read.csv(file.path(golden, "srs.csv"), na.strings = "")

rows <- list()
add <- function(section, question, group, option, statistic, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    section = section, question = question, group = group, option = as.character(option),
    statistic = statistic, value = sprintf("%.17g", as.numeric(value))
  )
}

# One 0/1 share within a domain: estimate, se, df, logit and Wald intervals (t on degf).
# "logit" fits svyglm(quasibinomial), so it is exact only up to glm's convergence
# tolerance (about 1e-8); "xlogit" is the same interval by the delta method on svymean,
# exact to rounding. The tests hold the engine to xlogit at 1e-9 and to logit at 1e-6.
add_share <- function(D, section, question, group, option) {
  m <- svymean(~y, D)
  df <- degf(D)
  ci <- attr(svyciprop(~y, D, method = "logit"), "ci")
  xci <- attr(svyciprop(~y, D, method = "xlogit"), "ci")
  wald <- confint(m, df = df)
  add(section, question, group, option, "estimate", coef(m)[[1]])
  add(section, question, group, option, "se", SE(m)[[1]])
  add(section, question, group, option, "df", df)
  add(section, question, group, option, "logit_low", ci[[1]])
  add(section, question, group, option, "logit_high", ci[[2]])
  add(section, question, group, option, "xlogit_low", xci[[1]])
  add(section, question, group, option, "xlogit_high", xci[[2]])
  add(section, question, group, option, "wald_low", wald[1, 1])
  add(section, question, group, option, "wald_high", wald[1, 2])
}

# Set the working variables: valid (in the domain), y (the 0/1 of interest), code factor.
with_share <- function(D, valid, y) {
  D$variables$valid <- valid
  D$variables$y <- as.numeric(valid & y)
  D
}

by_team <- function(D, fun) {
  for (g in sort(unique(D$variables$team))) fun(subset(D, team == g), g)
  fun(D, "totaal")
}

des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = d)
desw <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, weights = ~w, data = d)

# Agree statements: % (helemaal) mee eens among codes 1-5, and % per code.
agree <- function(D, section, q) {
  v <- D$variables[[q]]
  valid <- !is.na(v) & v %in% 1:5
  D <- with_share(D, valid, !is.na(v) & v %in% 4:5)
  D$variables$code <- factor(ifelse(valid, v, NA), levels = 5:1)
  Dv <- subset(D, valid)
  by_team(Dv, function(Dg, g) {
    add_share(Dg, section, q, g, "agree")
    p <- coef(svymean(~code, Dg))
    for (k in 5:1) add(section, q, g, k, "pct", p[[paste0("code", k)]])
    add(section, q, g, "", "n", nrow(Dg))
  })
}
for (q in c("q1", "q2", "q3")) agree(des, "agree", q)
agree(desw, "agree_weighted", "q1")

# Yes/no (1 ja, 2 nee, 8 weet niet): % ja.
v <- d$q_ja
Dv <- subset(with_share(des, !is.na(v) & v %in% 1:2, !is.na(v) & v == 1), valid)
by_team(Dv, function(Dg, g) add_share(Dg, "yes_no", "q_ja", g, "1"))

# Single choice (1-4, 9 n.v.t.): % per option.
v <- d$q_keuze
for (k in 1:4) {
  Dv <- subset(with_share(des, !is.na(v) & v %in% 1:4, !is.na(v) & v == k), valid)
  by_team(Dv, function(Dg, g) add_share(Dg, "single_choice", "q_keuze", g, k))
}

# Multiple choice: base = ticked at least one option; % choosing each option.
ticks <- as.matrix(d[, c("mc_a", "mc_b", "mc_c", "mc_d")])
answered <- !is.na(rowSums(ticks)) & rowSums(ticks) >= 1
for (opt in colnames(ticks)) {
  Dv <- subset(with_share(des, answered, !is.na(ticks[, opt]) & ticks[, opt] == 1), valid)
  by_team(Dv, function(Dg, g) add_share(Dg, "multiple_choice", "mc", g, opt))
}

# Group versus the rest (q1, % mee eens), jointly linearised.
v <- d$q1
Dv <- subset(with_share(des, !is.na(v) & v %in% 1:5, !is.na(v) & v %in% 4:5), valid)
for (g in sort(unique(d$team))) {
  Dv$variables$ing <- Dv$variables$team == g
  b <- svyby(~y, ~ing, Dv, svymean, covmat = TRUE)
  ct <- svycontrast(b, c("TRUE" = 1, "FALSE" = -1))
  z <- coef(ct)[[1]] / SE(ct)[[1]]
  add("group_vs_rest", "q1", g, "agree", "difference", coef(ct)[[1]])
  add("group_vs_rest", "q1", g, "agree", "se", SE(ct)[[1]])
  add("group_vs_rest", "q1", g, "agree", "z", z)
  add("group_vs_rest", "q1", g, "agree", "p_value", 2 * pnorm(-abs(z)))
}

# Simple random samples: no strata, with and without fpc (population 900).
for (with_fpc in c(FALSE, TRUE)) {
  s <- srs
  s$N <- 900
  D <- if (with_fpc) svydesign(ids = ~1, fpc = ~N, data = s) else
    suppressWarnings(svydesign(ids = ~1, data = s))
  v <- s$q1
  Dv <- subset(with_share(D, !is.na(v) & v %in% 1:5, !is.na(v) & v %in% 4:5), valid)
  add_share(Dv, "srs", if (with_fpc) "fpc" else "no_fpc", "totaal", "agree")
}

# Representativeness: chi-square goodness of fit against the population shares.
for (var in c("agegroup", "district", "gender")) {
  pop <- margins[margins$variable == var, ]
  obs <- table(factor(d[[var]], levels = pop$category))
  test <- chisq.test(obs, p = pop$N / sum(pop$N))
  add("chisq", var, "", "", "statistic", test$statistic)
  add("chisq", var, "", "", "p_value", test$p.value)
  add("chisq", var, "", "", "df", test$parameter)
}

# Weighting, starting from the design weights N_h / n_h.
pop_df <- function(var) {
  pop <- margins[margins$variable == var, ]
  out <- data.frame(pop$category, Freq = pop$N)
  names(out)[1] <- var
  out
}
ps_pop <- data.frame(gender = cells$gender, agegroup = cells$agegroup, Freq = cells$N)
ps <- postStratify(des, ~ gender + agegroup, ps_pop)
ctl <- list(maxit = 500, epsilon = 1e-13)
rk <- rake(des, list(~gender, ~agegroup, ~district),
           list(pop_df("gender"), pop_df("agegroup"), pop_df("district")), control = ctl)
lower <- 2
upper <- 8
tr <- trimWeights(rk, upper = upper, lower = lower)
cur <- rk
for (round in 1:50) {
  w <- weights(cur)
  if (all(w >= lower * (1 - 1e-6) & w <= upper * (1 + 1e-6))) break
  cur <- rake(trimWeights(cur, upper = upper, lower = lower),
              list(~gender, ~agegroup, ~district),
              list(pop_df("gender"), pop_df("agegroup"), pop_df("district")), control = ctl)
}
add("weighting", "rake_trimmed", "", "", "rounds", round)
kish <- function(w) length(w) * sum(w^2) / sum(w)^2
add("weighting", "kish", "rake", "", "deff", kish(weights(rk)))
add("weighting", "kish", "given", "", "deff", kish(d$w))
add("weighting", "kish", "given", "", "n_eff", sum(d$w)^2 / sum(d$w^2))
# Point estimate of q1 % mee eens with the post-stratified and raked weights.
for (nm in c("poststratify", "rake")) {
  D <- if (nm == "poststratify") ps else rk
  v <- d$q1
  Dv <- subset(with_share(D, !is.na(v) & v %in% 1:5, !is.na(v) & v %in% 4:5), valid)
  add("weighting", nm, "totaal", "agree", "estimate", coef(svymean(~y, Dv))[[1]])
}

write.csv(do.call(rbind, rows), file.path(golden, "r_estimates.csv"), row.names = FALSE)
weights_out <- data.frame(
  id = d$id,
  design = sprintf("%.17g", weights(des)),
  poststratify = sprintf("%.17g", weights(ps)),
  rake = sprintf("%.17g", weights(rk)),
  trim = sprintf("%.17g", weights(tr)),
  rake_trimmed = sprintf("%.17g", weights(cur))
)
write.csv(weights_out, file.path(golden, "r_weights.csv"), row.names = FALSE)
cat("R", R.version$major, R.version$minor, "survey", as.character(packageVersion("survey")),
    "- wrote", length(rows), "values and", nrow(weights_out), "weights\n")
