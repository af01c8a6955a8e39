package fleet.state;

/** Declarative Services components of one framework, as SCR reports them. */
public record ComponentCounts(int active, int unsatisfied, int failed) {

    public static final ComponentCounts NONE = new ComponentCounts(0, 0, 0);
}
