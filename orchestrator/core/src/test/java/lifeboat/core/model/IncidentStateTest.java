package lifeboat.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IncidentStateTest {
    @Test
    void moves_forwardOrInPlace_skippingIsAllowed() {
        assertThat(IncidentState.INVESTIGATING.moveTo(IncidentState.IDENTIFIED)).isEqualTo(IncidentState.IDENTIFIED);
        assertThat(IncidentState.INVESTIGATING.moveTo(IncidentState.RECOVERING)).isEqualTo(IncidentState.RECOVERING);
        assertThat(IncidentState.MONITORING.moveTo(IncidentState.MONITORING)).isEqualTo(IncidentState.MONITORING);
        assertThat(IncidentState.MONITORING.canMoveTo(IncidentState.RESOLVED)).isTrue();
    }

    @Test
    void backwards_isRefused_namingBothStates() {
        assertThatThrownBy(() -> IncidentState.MONITORING.moveTo(IncidentState.IDENTIFIED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from monitoring to identified");
        assertThat(IncidentState.RECOVERING.canMoveTo(IncidentState.INVESTIGATING)).isFalse();
    }

    @Test
    void resolved_isFinal() {
        assertThat(IncidentState.RESOLVED.open()).isFalse();
        assertThatThrownBy(() -> IncidentState.RESOLVED.moveTo(IncidentState.MONITORING))
                .hasMessageContaining("already resolved");
        assertThat(IncidentState.of("Recovering")).isEqualTo(IncidentState.RECOVERING);
        assertThatThrownBy(() -> IncidentState.of("fixed")).hasMessageContaining("unknown incident state 'fixed'")
                .hasMessageContaining("investigating, identified, recovering, monitoring, resolved");
    }
}
