/* branch.h: pseudocost branching with product scores for GLPK's tree (formats/allocation.md, "Winner determination") */
#ifndef GV_BRANCH_H
#define GV_BRANCH_H

#include <stddef.h>

/*
 * Pseudocost branching as GLPK's GLP_BR_PCH does it (a variable's down and
 * up pseudocosts are the mean objective loss per unit of change seen when
 * branching on it; one never branched on is measured by two dual simplex
 * runs of at most 30 iterations), but choosing the candidate of
 * largest product of its two estimated losses instead of the largest of
 * them: a variable that loses on both sides shrinks the tree on both.
 * A node's measurements run on up to `threads` threads, each on its own
 * copy of the node's problem, factorized afresh for each run.
 * Everything is deterministic, whatever the threads: no clock, each
 * measurement depends on the node and the column alone, ties go to the
 * lowest column.
 */
struct gv_branch_task;
struct gv_budget;
struct gv_branch {
	size_t n;		/* columns */
	unsigned threads;	/* for the measurements */
	double *dn_sum, *up_sum;	/* 1-based */
	unsigned *dn_cnt, *up_cnt;
	struct gv_branch_task *task;	/* scratch: 2n measurements */
	int *rstat, *cstat;	/* scratch: the node's basis */
	/* the run's clock: measurements stop when it says so (budget.h), or NULL */
	const struct gv_budget *budget;
	size_t evals;		/* dual simplex runs for new pseudocosts */
	size_t parallel;	/* nodes whose measurements ran on threads */
};

/* What the tree keeps per node (glp_iocp.cb_size): the branching made there. */
struct gv_branch_node {
	int var;		/* 0: not branched by gv_branch_choose */
	int seen;		/* this node's own observation was taken */
	double val, obj;	/* the variable's LP value and the node's objective */
};

/*
 * threads: as --threads (0 all cores). 0, or -1 out of memory (b is then
 * empty; gv_branch_free is harmless).
 */
int gv_branch_init(struct gv_branch *b, size_t n, unsigned threads);
void gv_branch_free(struct gv_branch *b);

/*
 * At GLP_IBRANCH: record the pseudocost observation of the current node
 * (its objective against its parent's, for the parent's branching
 * variable), then choose the branching variable and hand it to GLPK with
 * glp_ios_branch_upon. Returns 0, or -1 when it chose nothing (out of
 * memory, no candidate, a tree of another column count, or b->budget
 * said stop during the measurements): GLPK's own rule then applies,
 * unless the caller ends the search. The tree must carry struct
 * gv_branch_node per node.
 */
struct glp_tree;
int gv_branch_choose(struct gv_branch *b, struct glp_tree *tree);

#endif
