package cn.binjiang.union.schema.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckDigitsTest {
    /** Credit codes published on business licences, whose check characters are known. */
    @ParameterizedTest
    @ValueSource(strings = {"91330100716105852F", "9144030071526726XG", "91440300708461136T", "91110000802100433B"})
    void computesTheCheckCharacterOfPublishedCreditCodes(String code) {
        assertThat(CheckDigits.creditCodeCheckChar(code.substring(0, 17))).isEqualTo(code.charAt(17));
        assertThat(CheckDigits.isValidCreditCode(code)).isTrue();
    }

    @Test
    void makesValidCreditCodesForGenerators() {
        String first17 = "91330108MA2CFTE0X";
        char check = CheckDigits.creditCodeCheckChar(first17);
        for (char candidate : "0123456789ABCDEFGHJKLMNPQRTUWXY".toCharArray()) {
            assertThat(CheckDigits.isValidCreditCode(first17 + candidate))
                    .as("check %s", candidate)
                    .isEqualTo(candidate == check);
        }
    }

    @Test
    void refusesMalformedCreditCodes() {
        assertThat(CheckDigits.isValidCreditCode("91330100716105852E")).isFalse();
        assertThat(CheckDigits.isValidCreditCode("91330108MA2CFTEST1"))
                .as("S is not in the alphabet")
                .isFalse();
        assertThat(CheckDigits.isValidCreditCode("91330100716105852FF")).isFalse();
        assertThatThrownBy(() -> CheckDigits.creditCodeCheckChar("91330108MA2CFTEST"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'S' at position 16");
        assertThatThrownBy(() -> CheckDigits.creditCodeCheckChar("9133"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("17");
    }

    @Test
    void computesTheResidentIdCheckCharacter() {
        // the example of GB 11643-1999
        assertThat(CheckDigits.residentIdCheckChar("11010519491231002")).isEqualTo('X');
        assertThat(CheckDigits.isValidResidentId("11010519491231002X")).isTrue();
        assertThat(CheckDigits.isValidResidentId("11010519491231002x")).isTrue();
        assertThat(CheckDigits.residentIdCheckChar("44052418800101001")).isEqualTo('4');
        assertThat(CheckDigits.isValidResidentId("440524188001010014"))
                .as("born 1880")
                .isFalse();
    }

    @Test
    void refusesResidentIdsWithAnImpossibleBirthDate() {
        String feb29In1949 = "11010519490229002";
        assertThat(CheckDigits.isValidResidentId(feb29In1949 + CheckDigits.residentIdCheckChar(feb29In1949)))
                .isFalse();
        String feb29In2000 = "11010520000229002";
        assertThat(CheckDigits.isValidResidentId(feb29In2000 + CheckDigits.residentIdCheckChar(feb29In2000)))
                .isTrue();
        String bornIn2999 = "11010529990101002";
        assertThat(CheckDigits.isValidResidentId(bornIn2999 + CheckDigits.residentIdCheckChar(bornIn2999)))
                .isFalse();
    }

    @Test
    void refusesResidentIdsOfTheWrongShape() {
        assertThat(CheckDigits.isValidResidentId("110105194912310021")).isFalse();
        assertThat(CheckDigits.isValidResidentId("11010519491231002")).isFalse();
        assertThat(CheckDigits.isValidResidentId("1101051949123100X2")).isFalse();
        assertThatThrownBy(() -> CheckDigits.residentIdCheckChar("1101051949123100A"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheFirstResidentIdCheckThatFails() {
        String feb30 = "11010519490230002";
        String inProvince99 = "99010519491231002";
        assertThat(CheckDigits.failedResidentIdCheck("11010519491231002X")).isEmpty();
        assertThat(CheckDigits.failedResidentIdCheck("11010519491231002")).contains(CheckDigits.ResidentIdCheck.LENGTH);
        assertThat(CheckDigits.failedResidentIdCheck("1101051949123100A2"))
                .contains(CheckDigits.ResidentIdCheck.CHARACTERS);
        assertThat(CheckDigits.failedResidentIdCheck("11010519491231002Y"))
                .contains(CheckDigits.ResidentIdCheck.CHARACTERS);
        assertThat(CheckDigits.failedResidentIdCheck(inProvince99 + CheckDigits.residentIdCheckChar(inProvince99)))
                .contains(CheckDigits.ResidentIdCheck.REGION);
        assertThat(CheckDigits.failedResidentIdCheck(feb30 + CheckDigits.residentIdCheckChar(feb30)))
                .contains(CheckDigits.ResidentIdCheck.BIRTH_DATE);
        assertThat(CheckDigits.failedResidentIdCheck("110105194912310021"))
                .contains(CheckDigits.ResidentIdCheck.CHECK_CHARACTER);
        assertThat(CheckDigits.ResidentIdCheck.CHECK_CHARACTER.failure())
                .isEqualTo("fails the check character (ISO 7064 MOD 11-2)");
    }
}
