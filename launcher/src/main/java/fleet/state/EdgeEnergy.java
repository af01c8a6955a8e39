package fleet.state;

import java.util.List;
import java.util.function.Function;

/**
 * The energy counters OpenEMS keeps in an edge's {@code _sum}, in Wh since the edge's first start
 * (they continue from its timedata's last value; with {@code --timedata none} from 0). A counter
 * OpenEMS has not computed yet is null.
 */
public record EdgeEnergy(Long productionWh, Long consumptionWh, Long gridBuyWh, Long gridSellWh, Long essChargeWh,
        Long essDischargeWh) {

    public static final EdgeEnergy NONE = new EdgeEnergy(null, null, null, null, null, null);

    /** One counter: its name in fleet's JSON, CSV and metrics, the {@code _sum} channel, and how to read it. */
    public record Counter(String name, String channel, Function<EdgeEnergy, Long> value) {
    }

    public static final List<Counter> COUNTERS = List.of(
            new Counter("productionWh", "_sum/ProductionActiveEnergy", EdgeEnergy::productionWh),
            new Counter("consumptionWh", "_sum/ConsumptionActiveEnergy", EdgeEnergy::consumptionWh),
            new Counter("gridBuyWh", "_sum/GridBuyActiveEnergy", EdgeEnergy::gridBuyWh),
            new Counter("gridSellWh", "_sum/GridSellActiveEnergy", EdgeEnergy::gridSellWh),
            new Counter("essChargeWh", "_sum/EssActiveChargeEnergy", EdgeEnergy::essChargeWh),
            new Counter("essDischargeWh", "_sum/EssActiveDischargeEnergy", EdgeEnergy::essDischargeWh));

    public boolean isEmpty() {
        return COUNTERS.stream().allMatch(c -> c.value().apply(this) == null);
    }
}
